import type { Parcel } from './carriers/Carrier.js';

/** A product's shipping data, from catalog. */
export interface ShippableProduct {
  readonly id: string;
  readonly weightGrams: number;
  readonly dimensions: { readonly lengthMm: number; readonly widthMm: number; readonly heightMm: number };
}

/**
 * Packs cart lines into one parcel: weights add up, boxes stack (longest length, widest
 * width, heights summed). Carriers price the parcel; a parcel too big for one is declined by it.
 */
export function packParcel(lines: readonly { readonly product: ShippableProduct; readonly quantity: number }[]): Parcel {
  let weightGrams = 0;
  let lengthMm = 0;
  let widthMm = 0;
  let heightMm = 0;
  for (const { product, quantity } of lines) {
    weightGrams += product.weightGrams * quantity;
    lengthMm = Math.max(lengthMm, product.dimensions.lengthMm);
    widthMm = Math.max(widthMm, product.dimensions.widthMm);
    heightMm += product.dimensions.heightMm * quantity;
  }
  return { weightGrams: Math.max(1, weightGrams), lengthMm: Math.max(1, lengthMm), widthMm: Math.max(1, widthMm), heightMm: Math.max(1, heightMm) };
}
