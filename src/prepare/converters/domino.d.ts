// The package's own typings declare a module named 'domino', not the name it is published under.
declare module '@mixmark-io/domino' {
  export function createDocument(html?: string, force?: boolean): Document;
}
