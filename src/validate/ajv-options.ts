// The options every schema validator of botform is compiled with: the one built in-process
// (schemas.ts, which adds `verbose` for its error messages) and the one generated at build time
// (scripts/build-validators.mjs → schema-verdicts.cjs). Their verdicts must agree, so both read
// them from here.
export const AJV_OPTIONS = {
  allErrors: true,
  strict: true,
  strictTypes: false,
  allowUnionTypes: true,
} as const;

export const SCHEMA_FORMATS: readonly string[] = ['date-time', 'uri', 'email'];
