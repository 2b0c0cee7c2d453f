/**
 * What a template may name: the one source of the variables. `MessageContext` is what
 * the sending pipeline hands to `render`; `MESSAGE_VARIABLES` describes it for the
 * validator, and its type is derived from `MessageContext`, so a variable added to
 * one and not the other does not compile. docs/templates.md lists them for people.
 */
export interface MessageContext {
  customer: {
    name: string;
    /** 先生 or 女士 from the customer's gender; empty when it is not known. */
    title: string;
    /** The customer number with its middle masked (T0****21): a mail may be read over a shoulder. */
    customerNo: string;
  };
  bundle: {
    name: string;
    shortText: string;
    /** The bundle's price in yuan as people write it: ¥1,234.00. */
    price: string;
    talkingPoints: string[];
    objections: { objection: string; answer: string }[];
  };
  campaign: {
    name: string;
    /** YYYY-MM-DD; `{{date campaign.endDate}}` writes it as 2026年12月31日. */
    endDate: string;
  };
  /** The contact's branch, or the nearest unit above it that has an address. */
  branch: {
    name: string;
    address: string;
    phone: string;
  };
}

/** What the tracking of each message adds to the context: the only values that differ per contact besides the context. */
export interface MessageTrackingValues {
  unsubscribeUrl: string;
}

/** How a variable is used: printed, iterated over (`#each`), or entered (`#with`, a path through it). */
export type VariableShape =
  | { kind: 'text' }
  | { kind: 'date' }
  | { kind: 'list'; of: VariableShape }
  | { kind: 'object'; fields: Readonly<Record<string, VariableShape>> };

type ShapeOf<T> = T extends string
  ? { kind: 'text' } | { kind: 'date' }
  : T extends readonly (infer Item)[]
    ? { kind: 'list'; of: ShapeOf<Item> }
    : { kind: 'object'; fields: { [K in keyof T]-?: ShapeOf<T[K]> } };

const text = { kind: 'text' } as const;

/** Every variable a template of any channel may name. */
export const MESSAGE_VARIABLES: ShapeOf<MessageContext & MessageTrackingValues> = {
  kind: 'object',
  fields: {
    customer: { kind: 'object', fields: { name: text, title: text, customerNo: text } },
    bundle: {
      kind: 'object',
      fields: {
        name: text,
        shortText: text,
        price: text,
        talkingPoints: { kind: 'list', of: text },
        objections: { kind: 'list', of: { kind: 'object', fields: { objection: text, answer: text } } },
      },
    },
    campaign: { kind: 'object', fields: { name: text, endDate: { kind: 'date' } } },
    branch: { kind: 'object', fields: { name: text, address: text, phone: text } },
    unsubscribeUrl: text,
  },
};

/** The variables' paths for the editor's list: `customer.name`, and `#each bundle.talkingPoints` for a list. */
export function variablePaths(shape: VariableShape = MESSAGE_VARIABLES, prefix = ''): string[] {
  if (shape.kind === 'list') return [`#each ${prefix}`];
  if (shape.kind !== 'object') return [prefix];
  return Object.entries(shape.fields).flatMap(([name, field]) => variablePaths(field, prefix ? `${prefix}.${name}` : name));
}
