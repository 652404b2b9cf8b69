/// <reference lib="dom" />
// The offline GraphiQL: bundled by scripts/buildGraphiql.ts into static files the gateway serves
// at /graphiql. Queries and mutations go over HTTP, subscriptions over graphql-ws, both to the
// gateway that served the page; headers typed in the editor (Authorization) go with both.
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import 'graphiql/graphiql.css';

const url = new URL('/graphql', window.location.href).toString();
const fetcher = createGraphiQLFetcher({ url, subscriptionUrl: url.replace(/^http/, 'ws') });
createRoot(document.getElementById('graphiql')!).render(createElement(GraphiQL, { fetcher, shouldPersistHeaders: true }));
