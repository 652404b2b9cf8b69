// Deterministic tariffs of the simulated carriers: the same destination and parcel always
// cost the same, so tests can assert on prices.

/** What a simulated carrier is asked to price. */
export interface RateRequest {
  readonly country: string;
  readonly postalCode: string;
  readonly weightGrams: number;
  readonly lengthMm: number;
  readonly widthMm: number;
  readonly heightMm: number;
}

/** One priced service, in the simulator's neutral shape (each carrier's API reshapes it). */
export interface Rate {
  readonly code: string;
  readonly name: string;
  /** EUR cents. */
  readonly amountCents: number;
  readonly minDays: number;
  readonly maxDays: number;
}

const EU = new Set('AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK'.split(' '));
const EUROPE = new Set([...EU, 'GB', 'CH', 'NO', 'IS', 'LI']);

type Zone = 0 | 1 | 2 | 3;
/** 0 domestic (DE), 1 EU, 2 rest of Europe, 3 world. */
const zoneOf = (country: string): Zone => (country === 'DE' ? 0 : EU.has(country) ? 1 : EUROPE.has(country) ? 2 : 3);

interface Service {
  readonly code: string;
  readonly name: string;
  readonly baseCents: readonly [number, number, number, number];
  readonly centsPerKg: number;
  readonly days: readonly [number, number];
  /** Extra days per zone. */
  readonly daysPerZone: number;
  readonly maxZone?: Zone;
}

interface Tariff {
  readonly serves: (country: string) => boolean;
  readonly maxWeightGrams: number;
  /** Volumetric divisor (cm³ per kg); undefined bills actual weight only. */
  readonly volumetricDivisor?: number;
  readonly services: readonly Service[];
}

export const TARIFFS = {
  parcelo: {
    serves: (c: string) => EUROPE.has(c),
    maxWeightGrams: 31_500,
    services: [
      { code: 'parcelo_standard', name: 'Parcelo Standard', baseCents: [490, 890, 1290, 0], centsPerKg: 45, days: [1, 3], daysPerZone: 1 },
      { code: 'parcelo_express', name: 'Parcelo Express', baseCents: [990, 1690, 2490, 0], centsPerKg: 90, days: [1, 1], daysPerZone: 1 },
    ],
  },
  skyway: {
    serves: () => true,
    maxWeightGrams: 70_000,
    volumetricDivisor: 5000,
    services: [
      { code: 'ECONOMY', name: 'Skyway Economy', baseCents: [590, 1090, 1890, 3490], centsPerKg: 60, days: [2, 5], daysPerZone: 2 },
      { code: 'PRIORITY', name: 'Skyway Priority', baseCents: [1190, 1990, 2990, 5490], centsPerKg: 120, days: [1, 2], daysPerZone: 1 },
      { code: 'OVERNIGHT', name: 'Skyway Overnight', baseCents: [2490, 3990, 0, 0], centsPerKg: 150, days: [1, 1], daysPerZone: 0, maxZone: 1 },
    ],
  },
  freightly: {
    serves: (c: string) => EUROPE.has(c) || c === 'US' || c === 'CA',
    maxWeightGrams: 500_000,
    volumetricDivisor: 4000,
    services: [
      { code: 'road', name: 'Freightly Road', baseCents: [690, 990, 1490, 2990], centsPerKg: 25, days: [3, 5], daysPerZone: 2 },
      { code: 'road_plus', name: 'Freightly Road Plus', baseCents: [890, 1290, 1890, 3890], centsPerKg: 30, days: [2, 4], daysPerZone: 2 },
      { code: 'air', name: 'Freightly Air', baseCents: [1590, 2290, 2990, 4990], centsPerKg: 110, days: [1, 2], daysPerZone: 1 },
    ],
  },
} satisfies Record<string, Tariff>;

export type TariffName = keyof typeof TARIFFS;

/** Why a carrier declines to quote. */
export type Refusal = 'unsupported_destination' | 'parcel_too_heavy';

/** The carrier's rates for the parcel, or why it declines. */
export function rate(carrier: TariffName, request: RateRequest): Rate[] | Refusal {
  const tariff: Tariff = TARIFFS[carrier];
  if (!tariff.serves(request.country)) return 'unsupported_destination';
  if (request.weightGrams > tariff.maxWeightGrams) return 'parcel_too_heavy';
  const zone = zoneOf(request.country);
  const volumeCm3 = (request.lengthMm * request.widthMm * request.heightMm) / 1000;
  const billedGrams = tariff.volumetricDivisor ? Math.max(request.weightGrams, (volumeCm3 / tariff.volumetricDivisor) * 1000) : request.weightGrams;
  const billedKg = Math.ceil(billedGrams / 1000);
  return tariff.services
    .filter((s) => (s.maxZone === undefined || zone <= s.maxZone) && s.baseCents[zone]! > 0)
    .map((s) => ({
      code: s.code,
      name: s.name,
      amountCents: s.baseCents[zone]! + s.centsPerKg * billedKg,
      minDays: s.days[0] + s.daysPerZone * zone,
      maxDays: s.days[1] + s.daysPerZone * zone,
    }));
}
