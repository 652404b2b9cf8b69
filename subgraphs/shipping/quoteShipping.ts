import type DataLoader from 'dataloader';
import { badUserInput, productNotFound } from '../../lib/errors/index.js';
import { assertCountryCode, assertPostalCode, assertProductId } from '../../lib/validation/index.js';
import type { Destination, Parcel } from './carriers/Carrier.js';
import { packParcel, type ShippableProduct } from './packParcel.js';
import type { QuoteResult, ShippingQuoter } from './shippingQuoter.js';

/** Lines per request, and units per line: enough for any cart, small enough to stay cheap. */
export const MAX_ITEMS = 50;
export const MAX_QUANTITY = 100;

/** What the gateway sends for `Product.shippingEstimate`: the key plus the `@requires` fields from catalog. */
export interface ProductRepresentation {
  readonly id: string;
  readonly weightGrams?: number;
  readonly dimensions?: ShippableProduct['dimensions'];
}

/** The `ShippingQuotes` object. */
export interface ShippingQuotesResult extends QuoteResult {
  readonly parcel: Parcel;
}

/** Validates and normalises a destination (country upper-cased, postal code in the country's format). */
export function parseDestination(input: { country: string; postalCode: string }): Destination {
  const country = assertCountryCode(input.country.trim().toUpperCase(), 'destination.country');
  return { country, postalCode: assertPostalCode(country, input.postalCode, 'destination.postalCode') };
}

/** Validates cart lines and merges repeated products. */
export function parseItems(items: readonly { productId: string; quantity: number }[]): Map<string, number> {
  if (items.length === 0 || items.length > MAX_ITEMS) throw badUserInput(`items must have 1 to ${MAX_ITEMS} lines (got ${items.length})`, 'items');
  const quantities = new Map<string, number>();
  items.forEach(({ productId, quantity }, i) => {
    assertProductId(productId, `items[${i}].productId`);
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
      throw badUserInput(`items[${i}].quantity must be from 1 to ${MAX_QUANTITY} (got ${quantity})`, `items[${i}].quantity`);
    }
    quantities.set(productId, (quantities.get(productId) ?? 0) + quantity);
  });
  for (const [productId, quantity] of quantities) {
    if (quantity > MAX_QUANTITY) throw badUserInput(`${productId} appears with a total quantity of ${quantity}; the maximum is ${MAX_QUANTITY}`, 'items');
  }
  return quantities;
}

/** `Query.shippingQuotes`: weighs the cart through catalog, packs one parcel and asks every carrier. */
export async function quoteCart(
  quoter: Pick<ShippingQuoter, 'quote'>,
  products: DataLoader<string, ShippableProduct | undefined>,
  input: { destination: { country: string; postalCode: string }; items: readonly { productId: string; quantity: number }[] },
): Promise<ShippingQuotesResult> {
  const destination = parseDestination(input.destination);
  const parcel = await packItems(products, input.items);
  return { ...(await quoter.quote(destination, parcel)), parcel };
}

/** Checks cart lines, weighs them through catalog and packs one parcel (PRODUCT_NOT_FOUND for an unknown product). */
export async function packItems(products: DataLoader<string, ShippableProduct | undefined>, items: readonly { productId: string; quantity: number }[]): Promise<Parcel> {
  const quantities = parseItems(items);
  const ids = [...quantities.keys()];
  const found = await products.loadMany(ids);
  return packParcel(ids.map((id, i) => {
    const product = found[i];
    if (product instanceof Error) throw product;
    if (!product) throw productNotFound(id);
    return { product, quantity: quantities.get(id)! };
  }));
}

/** `Product.shippingEstimate`: one unit of the product, weighed by the `@requires` fields. */
export async function quoteProduct(quoter: Pick<ShippingQuoter, 'quote'>, product: ProductRepresentation, destinationInput: { country: string; postalCode: string }): Promise<ShippingQuotesResult> {
  const destination = parseDestination(destinationInput);
  if (product.weightGrams === undefined || !product.dimensions) throw productNotFound(product.id);
  const parcel = packParcel([{ product: { id: product.id, weightGrams: product.weightGrams, dimensions: product.dimensions }, quantity: 1 }]);
  return { ...(await quoter.quote(destination, parcel)), parcel };
}
