// The one Node API the UI's tests use (reading the stylesheets as written); the UI itself
// has no Node types.
declare module 'node:fs' {
  export function readFileSync(path: string, encoding: 'utf8'): string;
}
