// The scenario format as TypeScript types. `K` is the union of step keys a step may lead to:
// scenario() infers it from the keys of `steps`, so a transition to a step that does not
// exist is a type error before any tool runs. Field names are those of the YAML format
// (docs/scenario-format.md), so a TS scenario and a YAML one describe the same document.

export interface Button<K extends string> {
  readonly text: string;
  readonly goto?: K;
  readonly url?: string;
}

interface Common {
  readonly description?: string;
  readonly end?: boolean;
  readonly protect?: boolean;
  readonly renamed_from?: readonly string[];
}

interface Talks<K extends string> extends Common {
  readonly text: string;
  readonly menu?: readonly Button<K>[];
  readonly next?: K;
}

export type FieldKind = 'text' | 'phone' | 'email' | 'number' | 'date';
export interface FormField {
  readonly name: string;
  readonly label: string;
  readonly kind?: FieldKind;
  readonly required?: boolean;
}

export type ApiFieldType =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'object'
  | 'array'
  | 'null';
export type ApiFieldSpec =
  | ApiFieldType
  | {
      readonly type: ApiFieldType;
      readonly description?: string;
      readonly enum?: readonly unknown[];
      readonly format?: 'email' | 'uri' | 'date' | 'date-time' | 'phone';
    };
export type ApiFields = Readonly<Record<string, ApiFieldSpec>>;
export type JsonObject = { readonly [key: string]: unknown };

/** An external API a step calls, documented as seed 002 asks; secrets only as ${secret:NAME}. */
export interface ExternalApi {
  readonly name?: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly auth?: {
    readonly type: 'none' | 'bearer' | 'basic' | 'api_key' | 'oauth2';
    readonly secret?: string;
    readonly steps?: string;
  };
  readonly timeout_ms?: number;
  readonly request?: {
    readonly required?: ApiFields;
    readonly optional?: ApiFields;
    readonly example?: JsonObject;
  };
  readonly response: {
    readonly required?: ApiFields;
    readonly optional?: ApiFields;
    readonly example: JsonObject;
  };
  readonly errors: readonly {
    readonly status: number;
    readonly code?: string;
    readonly message?: string;
    readonly example?: JsonObject;
  }[];
  readonly staging_url?: string;
  readonly test_data?: JsonObject;
  readonly contact?: string;
}

export interface MessageStep<K extends string> extends Talks<K> {
  readonly type: 'message';
  readonly image?: string;
}
export interface QuestionStep<K extends string> extends Talks<K> {
  readonly type: 'question';
  readonly save_as: string;
  readonly expect?: 'text' | 'number' | 'email' | 'phone' | 'date';
  readonly retry_text?: string;
}
export interface FormStep<K extends string> extends Talks<K> {
  readonly type: 'form';
  readonly fields: readonly FormField[];
  readonly success_text?: string;
  readonly on_error?: K;
}
export interface OperationStep<K extends string> extends Common {
  readonly type: 'operation';
  readonly text?: string;
  readonly api: ExternalApi;
  readonly save_as?: string;
  readonly next?: K;
  readonly on_error?: K;
}
export interface DelayStep<K extends string> extends Common {
  readonly type: 'delay';
  readonly text?: string;
  readonly seconds: number;
  readonly next: K;
}
export interface ConditionStep<K extends string> extends Common {
  readonly type: 'condition';
  readonly branches: readonly { readonly if: string; readonly goto: K }[];
  readonly else?: K;
}
export interface RandomizerStep<K extends string> extends Common {
  readonly type: 'randomizer';
  readonly variants: readonly { readonly weight: number; readonly goto: K }[];
}
export interface CatalogStep<K extends string> extends Talks<K> {
  readonly type: 'catalog';
  readonly category?: string;
  readonly show_prices?: boolean;
}
export interface CartStep<K extends string> extends Talks<K> {
  readonly type: 'cart';
  readonly checkout_text?: string;
}
export interface OrderStep<K extends string> extends Talks<K> {
  readonly type: 'order';
  readonly fields?: readonly FormField[];
  readonly payment?: 'cash' | 'card' | 'online';
  readonly success_text?: string;
  readonly on_error?: K;
}

export interface HandoffStep<K extends string> extends Common {
  readonly type: 'handoff';
  readonly text: string;
  readonly queue?: string;
  readonly next?: K;
  readonly no_operator: K;
}

export type Step<K extends string> =
  | MessageStep<K>
  | QuestionStep<K>
  | FormStep<K>
  | OperationStep<K>
  | DelayStep<K>
  | ConditionStep<K>
  | RandomizerStep<K>
  | CatalogStep<K>
  | CartStep<K>
  | OrderStep<K>
  | HandoffStep<K>;

/** What a scenario file (YAML or TS) holds: the same document either way. */
export interface ScenarioDocument {
  readonly start?: string;
  readonly entries?: readonly string[];
  readonly steps: Readonly<Record<string, Step<string>>>;
}
