import { CLIENT_KINDS, type ClientChange, type ClientKind, type NewClient } from './clientStore.js';

/** Input that breaks a rule below; `field` names the input field. The graph answers it as BAD_USER_INPUT, the CLI as a usage error. */
export class ClientInputError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
  }
}

const MAX = { requestsPerSecond: 100_000, costPerMinute: 100_000_000 } as const;

function wholeNumber(value: number | undefined, field: keyof typeof MAX): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > MAX[field]) throw new ClientInputError(field, `must be a whole number from 1 to ${MAX[field]}`);
  return value;
}

function name(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > 200) throw new ClientInputError('name', 'must be 1 to 200 characters');
  return trimmed;
}

/** The overlap of a key rotation, 0 to 168 hours, in ms. */
export function overlapMs(hours: number): number {
  if (!Number.isInteger(hours) || hours < 0 || hours > 168) throw new ClientInputError('overlapHours', 'must be a whole number from 0 to 168');
  return hours * 3600_000;
}

/** A new client as the store takes it, or a {@link ClientInputError}. */
export function newClient(input: { id: string; name: string; kind: string; requestsPerSecond: number; costPerMinute: number; trustedOnly?: boolean }): NewClient {
  if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(input.id)) throw new ClientInputError('id', 'must be 1 to 60 lowercase letters, digits and dashes');
  if (!CLIENT_KINDS.includes(input.kind as ClientKind)) throw new ClientInputError('kind', `must be one of ${CLIENT_KINDS.join(', ')}`);
  return {
    id: input.id, name: name(input.name)!, kind: input.kind as ClientKind,
    requestsPerSecond: wholeNumber(input.requestsPerSecond, 'requestsPerSecond')!, costPerMinute: wholeNumber(input.costPerMinute, 'costPerMinute')!,
    trustedOnly: input.trustedOnly ?? false,
  };
}

/** A change as the store takes it (absent fields stay), or a {@link ClientInputError}. */
export const clientChange = (input: ClientChange): ClientChange => ({
  name: name(input.name), requestsPerSecond: wholeNumber(input.requestsPerSecond, 'requestsPerSecond'),
  costPerMinute: wholeNumber(input.costPerMinute, 'costPerMinute'), trustedOnly: input.trustedOnly, disabled: input.disabled,
});
