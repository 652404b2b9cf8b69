/** Stock of one product in one warehouse, as allocation sees it. */
export interface AllocationCandidate {
  readonly warehouseId: string;
  /** ISO 3166-1 alpha-2 country of the warehouse. */
  readonly country: string;
  /** On hand minus reserved. */
  readonly available: number;
}

/** Where `quantity` units of one product go, and how many could not be placed. */
export interface AllocationPlan {
  readonly allocations: readonly { readonly warehouseId: string; readonly quantity: number }[];
  /** Units no warehouse could hold; 0 when the line is fully allocated. */
  readonly shortfall: number;
}

/**
 * Splits `quantity` across warehouses: those in `destinationCountry` first, then the
 * largest available stock first (fewest splits), ties by warehouse id so the plan is stable.
 */
export function allocate(quantity: number, candidates: readonly AllocationCandidate[], destinationCountry?: string | null): AllocationPlan {
  const order = [...candidates]
    .filter((c) => c.available > 0)
    .sort((a, b) =>
      Number(b.country === destinationCountry) - Number(a.country === destinationCountry) ||
      b.available - a.available ||
      (a.warehouseId < b.warehouseId ? -1 : a.warehouseId > b.warehouseId ? 1 : 0));
  const allocations: { warehouseId: string; quantity: number }[] = [];
  let left = quantity;
  for (const candidate of order) {
    if (left === 0) break;
    const take = Math.min(left, candidate.available);
    allocations.push({ warehouseId: candidate.warehouseId, quantity: take });
    left -= take;
  }
  return { allocations, shortfall: left };
}
