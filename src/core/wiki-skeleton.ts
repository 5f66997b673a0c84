/** The pages a new KB starts with. Users may edit AGENTS.md; kb rewrites index and log. */
export function agentsPage(): string {
  return `---
title: Conventions of this wiki
type: conventions
---
# Conventions of this wiki

This wiki is maintained by \`kb\`. People and language models read this page before they
write to the wiki; edit it to change how pages are written.

- \`sources/<doc>.md\` holds the full text of one document, converted to Markdown.
- \`summaries/<doc>.md\` summarises one document and links its concepts and entities.
- \`concepts/<slug>.md\` gathers one idea across documents, a section per document.
- \`entities/<slug>.md\` is a person, organisation, place, product, work or event.
- \`explorations/<slug>.md\` keeps saved answers and chat transcripts.
- Pages start with YAML frontmatter (\`title\`, \`type\`, \`sources\`).
- Pages link with \`[[folder/slug]]\`; every link must point at a page that exists.
- Write plainly; quote the source when a claim needs it.
`;
}

export function indexPage(): string {
  return `---
title: Index
type: index
---
# Index

## Documents

## Concepts

## Entities

## Explorations
`;
}

export function logPage(firstEntry: string): string {
  return `---
title: Log
type: log
---
# Log

${firstEntry}
`;
}

/** "## [YYYY-MM-DD HH:MM:SS] <op> | <detail>", in local time as people read it. */
export function logEntry(when: Date, op: string, detail: string): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())} ${pad(when.getHours())}:${pad(when.getMinutes())}:${pad(when.getSeconds())}`;
  return `## [${stamp}] ${op} | ${detail.replace(/\s+/g, ' ').trim()}`;
}
