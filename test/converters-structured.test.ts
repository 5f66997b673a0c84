// Structured text (JSON, YAML, TOML, INI, XML) through the converter kb add uses: one section per
// top-level key, the file's own text in fenced code, and a one-line reason for what does not parse.
import { describe, expect, it } from 'vitest';
import { convertDocument } from '../src/prepare/converters/convert-document.js';
import { MAX_SECTIONS } from '../src/prepare/converters/structured-text.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

function convert(fileName: string, text: string) {
  return convertDocument(encode(text), { fileName, ext: fileName.slice(fileName.lastIndexOf('.')) });
}

/** Section titles, and each section's text as the converted Markdown holds it. */
async function sectionsOf(fileName: string, text: string): Promise<Array<[string, string]>> {
  const doc = await convert(fileName, text);
  return doc.sections.map((s) => [s.title, doc.markdown.slice(s.start, s.end).trim()]);
}

describe('structured text', () => {
  it('JSON: a section per top-level key, each value indented; the file name is the title', async () => {
    const doc = await convert('settings.json', '{"editor": {"fontSize": 14}, "files": ["a.md"], "telemetry": false}');
    expect(doc.title).toBe('settings.json');
    expect(doc.sections.map((s) => s.title)).toEqual(['editor', 'files', 'telemetry']);
    expect(doc.markdown).toContain('## editor\n\n```json\n{\n  "fontSize": 14\n}\n```');
  });

  it('JSON that is not an object, or has more top-level keys than MAX_SECTIONS, is one block as written', async () => {
    const list = await convert('list.json', '[1, 2, 3]');
    expect(list.sections).toEqual([]);
    expect(list.markdown).toBe('```json\n[1, 2, 3]\n```\n');
    const wide = JSON.stringify(Object.fromEntries(Array.from({ length: MAX_SECTIONS + 1 }, (_, i) => [`k${i}`, i])));
    expect((await convert('wide.json', wide)).sections).toEqual([]);
  });

  it('YAML: the lines of each top-level key, comments kept, and the comments before the first key', async () => {
    const yaml = '# Services for the local stack\nversion: "3.9"\nservices:\n  web:\n    image: nginx   # the front end\nvolumes:\n  data: {}\n';
    expect(await sectionsOf('compose.yaml', yaml)).toEqual([
      ['version', '## version\n\n```yaml\nversion: "3.9"\n```'],
      ['services', '## services\n\n```yaml\nservices:\n  web:\n    image: nginx   # the front end\n```'],
      ['volumes', '## volumes\n\n```yaml\nvolumes:\n  data: {}\n```'],
    ]);
    expect((await convert('compose.yml', yaml)).markdown.startsWith('```yaml\n# Services for the local stack\n```\n\n## version')).toBe(true);
  });

  it('YAML whose keys cannot be matched to lines (several documents, a list) is one block', async () => {
    expect((await convert('multi.yaml', 'a: 1\n---\nb: 2\n')).sections).toEqual([]);
    expect((await convert('list.yaml', '- a\n- b\n')).sections).toEqual([]);
  });

  it('TOML and INI: a section per table, from its header to the next, keys before the first table as a preamble', async () => {
    const toml = '# Build settings\nname = "demo"\n\n[tool.poetry]\nversion = "1.0"  # bumped by CI\n\n[[tool.poetry.packages]]\ninclude = "demo"\n';
    const tomlSections = await sectionsOf('pyproject.toml', toml);
    expect(tomlSections.map(([title]) => title)).toEqual(['tool.poetry', 'tool.poetry.packages']);
    expect(tomlSections[0]![1]).toBe('## tool.poetry\n\n```toml\n[tool.poetry]\nversion = "1.0"  # bumped by CI\n```');
    const ini = '; global\n[server]\nhost = example.org\nport = 8080\n[database]\nuser = admin\n';
    expect(await sectionsOf('setup.ini', ini)).toEqual([
      ['server', '## server\n\n```ini\n[server]\nhost = example.org\nport = 8080\n```'],
      ['database', '## database\n\n```ini\n[database]\nuser = admin\n```'],
    ]);
  });

  it('XML: a section per element under the root, named with its id or name attribute, attributes and text kept', async () => {
    const xml = '<?xml version="1.0"?>\n<!-- the catalogue -->\n<catalog lang="en">\n  <book id="b1"><title>Dune</title></book>\n  <magazine name="wired">Monthly</magazine>\n</catalog>\n';
    const doc = await convert('catalog.xml', xml);
    expect(doc.sections.map((s) => s.title)).toEqual(['book b1', 'magazine wired']);
    expect(doc.markdown).toContain('```xml\n<?xml version="1.0"?>\n<!-- the catalogue -->\n<catalog lang="en">\n```');
    expect(doc.markdown).toContain('```xml\n<book id="b1">\n  <title>Dune</title>\n</book>\n```');
    expect(doc.markdown).toContain('<magazine name="wired">Monthly</magazine>');
  });

  it('XML: element text is shown as written, never as the number it looks like', async () => {
    const doc = await convert('versions.xml', '<config>\n  <version>1.10</version>\n  <zip>007</zip>\n  <id>12345678901234567890</id>\n</config>\n');
    expect(doc.markdown).toContain('<version>1.10</version>');
    expect(doc.markdown).toContain('<zip>007</zip>');
    expect(doc.markdown).toContain('<id>12345678901234567890</id>');
  });

  it('a body holding backtick fences gets a longer fence, so it cannot close its own block', async () => {
    const doc = await convert('notes.json', JSON.stringify({ readme: 'see ```code```' }));
    expect(doc.markdown).toContain('````json\n"see ```code```"\n````');
  });

  it('fails what does not parse, and empty files, with a one-line reason', async () => {
    await expect(convert('broken.json', '{"a": 1,')).rejects.toThrow(/^invalid JSON: \S/);
    await expect(convert('broken.yaml', 'a: [1, 2\nb: 3\n')).rejects.toThrow(/^invalid YAML: \S/);
    await expect(convert('broken.toml', '[table\nkey = 1\n')).rejects.toThrow(/^invalid TOML: \S/);
    await expect(convert('broken.xml', '<a><b></a>')).rejects.toThrow(/^invalid XML: .+ \(line 1\)$/);
    for (const name of ['empty.json', 'empty.yaml', 'empty.toml', 'empty.ini', 'empty.xml']) await expect(convert(name, '')).rejects.toThrow('empty file');
    for (const error of await Promise.allSettled([convert('broken.json', '{"a": 1,'), convert('broken.xml', '<a><b></a>')])) {
      expect(String((error as PromiseRejectedResult).reason.message)).not.toContain('\n');
    }
  });
});
