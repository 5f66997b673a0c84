import { describe, expect, it } from 'vitest';
import { convertDocument } from '../src/prepare/converters/convert-document.js';

function convert(text: string, fileName: string) {
  return convertDocument(new TextEncoder().encode(text), { fileName, ext: fileName.slice(fileName.lastIndexOf('.')) });
}

const PDB = `.. _debugger:

:mod:\`pdb\` --- The Python Debugger
==================================

.. module:: pdb
   :synopsis: The Python debugger for interactive interpreters.

.. index:: single: debugging

--------------

The module :mod:\`pdb\` defines an interactive source code debugger for Python
programs.  See :ref:\`the debugger commands <debugger-commands>\`
and :func:\`~pdb.post_mortem\` for details.

.. note::

   A breakpoint condition is evaluated in the frame of the breakpoint,
   as described in \`the tutorial <https://docs.python.org/tutorial>\`_.

The typical usage to break into the debugger is to insert::

   import pdb; pdb.set_trace()

   frobnicate_widget_handler = 1

.. code-block:: python
   :linenos:

   def spurious_closure_marker():
       return 42

>>> import pdb
>>> pdb.run('mymodule.test()')

.. toctree::
   :maxdepth: 2

   library/intro

.. This is a comment that a reader never sees,
   spread over two lines.

Debugger Commands
-----------------

.. function:: run(statement, globals=None)
              runeval(expression)

   Execute the *statement* under debugger control.

Subsection
^^^^^^^^^^

Text with a footnote [#]_ and a \`link\`_.

.. _link: https://example.org
.. [#] The footnote.
`;

describe('reStructuredText', () => {
  for (const fileName of ['pdb.rst', 'pdb.txt']) {
    it(`reads ${fileName}: title and sections from underlines, roles reduced to their text`, async () => {
      const doc = await convert(PDB, fileName);
      expect(doc.title).toBe('pdb — The Python Debugger');
      expect(doc.sections.map((s) => [s.level, s.title])).toEqual([
        [1, 'pdb — The Python Debugger'],
        [2, 'Debugger Commands'],
        [3, 'Subsection'],
      ]);
      expect(doc.markdown).toContain('The module `pdb` defines an interactive source code debugger for Python');
      expect(doc.markdown).toContain('See the debugger commands\nand `post_mortem` for details.');
      expect(doc.markdown).toContain('Text with a footnote and a link.');
      expect(doc.markdown).not.toMatch(/:mod:|:func:|:ref:|\.\. /);
    });
  }

  it('keeps admonitions as prose and literal blocks as code; drops index, toctree, targets and comments', async () => {
    const { markdown } = await convert(PDB, 'pdb.rst');
    expect(markdown).toContain('\nA breakpoint condition is evaluated in the frame of the breakpoint,\nas described in [the tutorial](https://docs.python.org/tutorial).\n');
    expect(markdown).toContain('The typical usage to break into the debugger is to insert:\n\n```\nimport pdb; pdb.set_trace()\n\nfrobnicate_widget_handler = 1\n```');
    expect(markdown).toContain('```python\ndef spurious_closure_marker():\n    return 42\n```');
    expect(markdown).toContain("```pycon\n>>> import pdb\n>>> pdb.run('mymodule.test()')\n```");
    expect(markdown).toContain('`run(statement, globals=None)`\n\n`runeval(expression)`\n\nExecute the *statement* under debugger control.');
    for (const gone of ['debugging', 'maxdepth', 'library/intro', 'comment', 'synopsis', 'example.org', 'The footnote', 'linenos', '-----']) {
      expect(markdown).not.toContain(gone);
    }
  });

  it('leaves AsciiDoc and plain .txt files as they were read before', async () => {
    const asciidoc = 'git-log(1)\n==========\n\nNAME\n----\ngit-log - Show commit logs\n\n--all::\n\tPretend refs are listed.\n\ninclude::diff-options.txt[]\n';
    const doc = await convert(asciidoc, 'git-log.txt');
    expect(doc.title).toBe('git-log(1)');
    // Read as AsciiDoc, not reST: a labelled list's description, its indentation dropped (converters.test.ts).
    expect(doc.markdown).toContain('**--all**: Pretend refs are listed.');
    // And its include directive dropped, as AsciiDoc reads one file (asciidoc-preprocess.ts).
    expect(doc.markdown).not.toContain('include::');
  });

  it('takes a docinfo title field before the first heading', async () => {
    const doc = await convert(':Title: Release Notes\n:Author: Ann\n\nIntro\n=====\n\nText.\n', 'notes.rst');
    expect(doc.title).toBe('Release Notes');
    expect(doc.metadata).toEqual({ title: 'Release Notes', author: 'Ann' });
    expect(doc.markdown).toBe('# Intro\n\nText.\n');
  });
});
