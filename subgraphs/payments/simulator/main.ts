// The payment simulator alone: `node dist/subgraphs/payments/simulator/main.js`
// (PAYMENT_SIMULATOR_PORT, default 4091), for a payments subgraph in another process or
// container. It accepts the credentials in PAYVIA_* and ACQUIRA_* when all are set, else
// generates some for this run and prints the variables that use them. Webhooks go to the
// payments subgraph at SUBGRAPH_PAYMENTS_URL's origin. Never in production: its admin API is open.
import type { PaymentProviderSettings } from '../../../lib/config/index.js';
import { runMain } from '../../../lib/main.js';
import { WEBHOOK_PATHS } from '../webhookRoutes.js';
import { generatePaymentCredentials, startPaymentSimulator, type PaymentSimulatorCredentials } from './paymentSimulator.js';

function credentialsFrom({ payvia, acquira }: PaymentProviderSettings): PaymentSimulatorCredentials | undefined {
  if (!payvia.secretKey || !payvia.webhookSecret || !acquira.apiKey || !acquira.merchantAccount || !acquira.hmacKey) return undefined;
  return {
    payvia: { secretKey: payvia.secretKey, webhookSecret: payvia.webhookSecret },
    acquira: { apiKey: acquira.apiKey, merchantAccount: acquira.merchantAccount, hmacKey: acquira.hmacKey },
  };
}

await runMain('payment-simulator', async (config, logger) => {
  const given = credentialsFrom(config.payments);
  const payments = new URL(config.subgraphUrls.payments?.[0] ?? `http://127.0.0.1:${config.subgraphPorts.payments}/graphql`);
  const simulator = await startPaymentSimulator({
    port: config.payments.simulatorPort, host: config.host, credentials: given ?? generatePaymentCredentials(),
    webhookUrls: { payvia: new URL(WEBHOOK_PATHS.payvia, payments).href, acquira: new URL(WEBHOOK_PATHS.acquira, payments).href },
  });
  logger.info({ url: simulator.url, admin: `${simulator.url}/admin/stats` }, 'payment simulator ready');
  if (!given) {
    const { baseUrls, credentials: c } = simulator;
    process.stdout.write(`\n  Credentials generated for this run; start the payments subgraph with:\n` +
      `  PAYVIA_URL=${baseUrls.payvia} PAYVIA_SECRET_KEY=${c.payvia.secretKey} PAYVIA_WEBHOOK_SECRET=${c.payvia.webhookSecret} \\\n` +
      `  ACQUIRA_URL=${baseUrls.acquira} ACQUIRA_API_KEY=${c.acquira.apiKey} ACQUIRA_MERCHANT_ACCOUNT=${c.acquira.merchantAccount} ACQUIRA_HMAC_KEY=${c.acquira.hmacKey}\n\n`);
  }
  return { close: () => simulator.close() };
});
