export { generatePaymentCredentials, NO_PAYMENT_FAULTS, startPaymentSimulator } from './paymentSimulator.js';
export type { PaymentSimulator, PaymentSimulatorCredentials, PaymentSimulatorOptions, ProviderFaults, ProviderStats } from './paymentSimulator.js';
export { SIMULATED_PROVIDERS } from './ledger.js';
export type { LedgerEntry, LedgerStatus, SimulatedProvider } from './ledger.js';
export { CARD_LIMIT_MINOR, TEST_CARDS } from './testCards.js';
