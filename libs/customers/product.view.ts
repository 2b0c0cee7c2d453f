/**
 * The product catalogue's answer and request bodies, shared by the server and the web
 * (`@lib/customers/product.view`); pure types, no Nest.
 */
import type { ProductLine } from './product-line';

export interface ProductView {
  code: string;
  name: string;
  nameEn: string | null;
  line: ProductLine;
  active: boolean;
}

/** The body of POST /products. */
export interface ProductInput {
  code: string;
  name: string;
  nameEn?: string | null;
  line: ProductLine;
}

/** The body of PATCH /products/:code; a null nameEn clears it. */
export interface ProductChanges {
  name?: string;
  nameEn?: string | null;
  line?: ProductLine;
  active?: boolean;
}
