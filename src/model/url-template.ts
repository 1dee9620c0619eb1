// An operation's URL as declared: `{field}` placeholders filled from request fields (the same
// for `url` and `staging_url`); `${secret:NAME}` and `${var.NAME}` references are not
// placeholders. One definition for the checks (validate/) and the callers (runtime/, emulator/).
const PLACEHOLDER = /(?<!\$)\{([^{}]+)\}/g;

/** The placeholder names of a URL template, in order of appearance (repeats kept). */
export function placeholderNames(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/** Fills each placeholder that has a value (URL-encoded); one without a value stays as written. */
export function fillUrlTemplate(
  template: string,
  values: Readonly<Record<string, unknown>>,
): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(values, name) ? encodeURIComponent(String(values[name])) : whole,
  );
}
