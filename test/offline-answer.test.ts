// Offline answers read like answers (issue 18): whole sentences only, even from text wrapped
// mid-sentence; no code or markup lines; no sentence twice (a summary repeats its source);
// every citation a page and section that exist; nothing relevant → a plain "nothing" and exit 0.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isStandaloneSentence } from '../src/analyze/sentence-check.js';
import type { QueryResult } from '../src/commands/query.js';
import { extractWikiLinks } from '../src/core/wikilinks.js';
import { answerSentences, assembleOfflineAnswer, type Passage } from '../src/search/offline-answer.js';
import { newKb } from './support/kb-state.js';
import { runKb } from './support/run-kb.js';

const WRAPPED = [
  'Ferry Handbook',
  '==============',
  '',
  'Loading the ferry',
  '-----------------',
  '',
  'The ferry loads cars from the stern ramp while the bow doors stay',
  'closed until the deck officer has counted every vehicle on board.',
  'Trucks are loaded last because they block the lower deck exits.',
  '+',
  'Loading stops when the deck officer raises the stern ramp.',
  '',
  '----',
  '$ ferryctl load --ramp stern --count 40',
  'ramp=stern count=40 { ok }',
  '----',
  '',
  'The deck officer signs the loading list before the ferry leaves the quay.',
  '',
  'Weather',
  '-------',
  '',
  'In strong wind the captain may delay departure for up to two hours.',
  '',
].join('\n');

const REPEATED = '# Ferry Notes\n\nThe deck officer signs the loading list before the ferry leaves the quay.\n\nGulls nest on the roof of the ticket office every spring.\n';

describe('offline answers', () => {
  let root = '';
  beforeAll(async () => {
    const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kb-offline-answer-')));
    root = newKb(work);
    const input = path.join(work, 'in');
    fs.mkdirSync(input);
    fs.writeFileSync(path.join(input, 'ferry-handbook.txt'), WRAPPED);
    fs.writeFileSync(path.join(input, 'ferry-notes.md'), REPEATED);
    const added = await runKb(['--kb', root, 'add', input]);
    expect(added.code, added.stderr).toBe(0);
    return () => fs.rmSync(work, { recursive: true, force: true });
  });

  async function ask(question: string): Promise<QueryResult> {
    const run = await runKb(['--kb', root, '--json', 'query', question]);
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as QueryResult;
  }

  it('quotes whole sentences joined across wrapped lines, no code lines, none twice, each cited', async () => {
    const result = await ask('How does the ferry load cars and who signs the loading list?');
    expect(result.answer).toContain('The ferry loads cars from the stern ramp while the bow doors stay closed until the deck officer has counted every vehicle on board.');
    expect(result.answer).not.toMatch(/ferryctl|ramp=stern|\{ ok \}/);
    // An AsciiDoc continuation mark ('+' alone on a line, or kept inside a summary's key point) is no part of a sentence.
    const trucks = await ask('When does loading stop, and are trucks loaded last?');
    expect(trucks.answer).toContain('Loading stops when the deck officer raises the stern ramp.');
    expect(trucks.answer).not.toContain(' + ');
    const sentences = answerSentences(result.answer);
    expect(sentences.length).toBeGreaterThan(0);
    for (const s of sentences) expect(isStandaloneSentence(s), s).toBe(true);
    const keys = sentences.map((s) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim());
    expect(new Set(keys).size).toBe(keys.length);
    // Every paragraph ends with its citation, and every link resolves to a page with that heading.
    for (const paragraph of result.answer.split('\n\n')) expect(paragraph).toMatch(/\(\[\[[^\]]+\]\][^)]*\)$/);
    for (const link of extractWikiLinks(result.answer)) expect(fs.existsSync(path.join(root, 'wiki', `${link.target}.md`)), link.target).toBe(true);
    for (const [, target, heading] of result.answer.matchAll(/\[\[([^\]#|]+)#([^\]|]+)\|/g)) {
      expect(fs.readFileSync(path.join(root, 'wiki', `${target}.md`), 'utf8')).toMatch(new RegExp(`^#+ ${heading!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    }
  });

  it('leaves out sentences that share no content word with the question', async () => {
    const result = await ask('When does the captain delay departure?');
    expect(result.answer).toContain('In strong wind the captain may delay departure for up to two hours.');
    expect(result.answer).not.toContain('Gulls');
    expect(result.answer).not.toContain('stern ramp');
  });

  it('says plainly that nothing answers, exit 0, when no passage shares a content word', async () => {
    const run = await runKb(['--kb', root, 'query', 'zeppelin hydrogen airship']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('Nothing in the knowledge base matches "zeppelin hydrogen airship".');
  });
});

describe('a chat follow-up’s offline answer', () => {
  const passages: Passage[] = [
    { page: 'wiki/sources/camera-guide.md', title: 'Camera Guide › Modes', section: 1, heading: 'Modes', text: 'The camera night mode keeps the shutter open for four seconds.\n\nThe camera day mode uses a fast shutter of one thousandth of a second.' },
    { page: 'wiki/sources/blender-manual.md', title: 'Blender Manual', section: 0, heading: 'Blender Manual', text: 'The blender has a pulse mode for crushing ice in short bursts.' },
  ];
  const night = 'The camera night mode keeps the shutter open for four seconds.';
  const day = 'The camera day mode uses a fast shutter of one thousandth of a second.';

  it('leaves out what the earlier answers said, and says it again only when nothing else answers', () => {
    const fresh = assembleOfflineAnswer('and the other mode? camera night', passages, [night]);
    expect(answerSentences(fresh.text)).toEqual([day]);
    // Everything on the question was said: the answer repeats it rather than fall to the blender's "mode".
    const again = assembleOfflineAnswer('and the other mode? camera night', passages, [night, day]);
    expect(answerSentences(again.text)).toEqual([night, day]);
    expect(again.text).toContain('([[sources/camera-guide#Modes|Camera Guide › Modes]])');
  });
});

describe('an offline answer stays on the question', () => {
  it('leaves out a document that shares only one word of several with it', () => {
    const passages: Passage[] = [
      { page: 'wiki/sources/sourdough.md', title: 'Sourdough › Signs of health', section: 2, heading: 'Signs of health', text: 'A healthy starter doubles in volume within six hours of feeding.' },
      { page: 'wiki/sources/sourdough.md', title: 'Sourdough › Feeding', section: 1, heading: 'Feeding', text: 'Feed the starter with fresh flour and water in equal weights.' },
      { page: 'wiki/sources/meeting-notes.md', title: 'Meeting notes › Open questions', section: 3, heading: 'Open questions', text: 'Mei asked whether the archive should keep ninety days of snapshots.' },
    ];
    const answer = assembleOfflineAnswer('how do I keep a starter healthy', passages);
    expect(answerSentences(answer.text)).toEqual(['A healthy starter doubles in volume within six hours of feeding.', 'Feed the starter with fresh flour and water in equal weights.']);
    expect(answer.citations.map((c) => c.page)).not.toContain('wiki/sources/meeting-notes.md');
  });
});

describe('an offline answer quotes the text, not its notices', () => {
  it('leaves out an appeal for sponsors and a commercial-support notice', () => {
    // Seen in kb chat on the corpus's READMEs: "What is pump?" quoted "The maintainers of pump … are working with Tidelift …".
    const passages: Passage[] = [
      { page: 'wiki/sources/hivepipe.md', title: 'hivepipe › Usage', section: 1, heading: 'Usage', text: 'Pass the hive streams you want to pipe together to hivepipe and add an optional callback.' },
      { page: 'wiki/sources/hivepipe.md', title: 'hivepipe › For enterprise', section: 2, heading: 'For enterprise', text: 'The maintainers of hivepipe and thousands of other packages are working with Tidelift to deliver commercial support for hive streams.' },
    ];
    const answer = assembleOfflineAnswer('how do I pipe hive streams with hivepipe', passages);
    expect(answerSentences(answer.text)).toEqual(['Pass the hive streams you want to pipe together to hivepipe and add an optional callback.']);
  });
});

describe('an offline answer to "what is X" or "what does X do"', () => {
  it('opens with the description of the document named after X, whatever the search ranked first', () => {
    const passages: Passage[] = [
      { page: 'wiki/sources/git-frob.md', title: 'git-frob(1) › HOOKS', section: 4, heading: 'HOOKS', text: 'The git frob --auto command runs the pre-auto-frob hook before it starts.' },
      { page: 'wiki/sources/git-frob.md', title: 'git-frob(1) › OPTIONS', section: 3, heading: 'OPTIONS', text: 'With --quiet, git frob prints nothing while it frobs the files.' },
      { page: 'wiki/summaries/git-frob.md', title: 'git-frob(1)', section: null, text: '`git-frob` frobs the files of the working tree into a tidy order.\n\nThe git frob --auto command runs the pre-auto-frob hook before it starts.' },
    ];
    for (const question of ['What does git frob do?', 'what is git-frob', 'What is git frob for?']) {
      const answer = assembleOfflineAnswer(question, passages);
      expect(answerSentences(answer.text)[0], question).toBe('`git-frob` frobs the files of the working tree into a tidy order.');
      expect(answer.citations[0]!.page).toBe('wiki/summaries/git-frob.md');
    }
    // Any other question is answered as ranked.
    expect(answerSentences(assembleOfflineAnswer('When does git frob run the hook?', passages).text)[0]).toMatch(/^The git frob --auto command/);
    // The index keeps no code marks; the description kb wrote has them, and the answer shows them.
    const indexed = passages.map((p) => (p.section === null ? { ...p, text: p.text.replaceAll('`', ''), description: '`git-frob` frobs the files of the working tree into a tidy order.' } : p));
    expect(answerSentences(assembleOfflineAnswer('What does git frob do?', indexed).text)[0]).toBe('`git-frob` frobs the files of the working tree into a tidy order.');
  });
});

describe('an offline answer to a question the knowledge base does not answer', () => {
  // Rows holding each word, as FTS5 would count them in a KB of 1,000 rows: "capital" and
  // "chart" are in a few pages, "australia" and "pie" in none.
  const rarity = (counts: Record<string, number>) => ({ rows: 1000, rowsWith: (term: string) => counts[term] ?? 0 });

  it('is none when no document holds half of what the question is about, weighted by rarity in the whole KB', () => {
    const passages: Passage[] = [
      { page: 'wiki/sources/latex-news.md', title: 'LaTeX News › Unicode', section: 4, heading: 'Unicode', text: 'Bold mathematical capital A is slot number 1D400 in hex.' },
    ];
    const question = 'What is the capital of Australia?';
    // Without the KB's counts the best document answers whatever it holds (a false answer)…
    expect(assembleOfflineAnswer(question, passages).text).not.toBe('');
    // …with them, "australia", in no row, is most of the question, and no document holds it.
    expect(assembleOfflineAnswer(question, passages, [], rarity({ capital: 12 }))).toEqual({ text: '', citations: [] });
  });

  it('still answers from the document that holds the question’s rare words, leaving out one that holds a common one', () => {
    const passages: Passage[] = [
      { page: 'wiki/sources/charts.md', title: 'Charts › Pie charts', section: 2, heading: 'Pie charts', text: 'A pie chart shows each share as a slice of one circle.' },
      { page: 'wiki/sources/git-notes.md', title: 'git notes › Caveats', section: 1, heading: 'Caveats', text: 'Take care in drawing conclusions about which objects use the disk.' },
    ];
    const answer = assembleOfflineAnswer('How do I draw a pie chart?', passages, [], rarity({ pie: 3, chart: 5, draw: 40 }));
    expect(answerSentences(answer.text)).toEqual(['A pie chart shows each share as a slice of one circle.']);
    expect(answer.citations.map((c) => c.page)).toEqual(['wiki/sources/charts.md']);
  });
});

describe('an offline answer to a question framed around words its subject’s page lacks', () => {
  // A KB of 5,000 rows: "options" in a fifth of them, "accept" in 120, the subject's names in few.
  const rarity = (counts: Record<string, number>) => ({ rows: 5000, rowsWith: (term: string) => counts[term] ?? 0 });

  it('answers from the page on the subject, though it lacks the kind asked for and the closing verb', () => {
    const passages: Passage[] = [
      { page: 'wiki/sources/gangway.md', title: 'Gangway › Settings', section: 1, heading: 'Settings', text: 'The gangway can be set to a fixed, folding or telescopic length.' },
      { page: 'wiki/sources/harbour-office.md', title: 'Harbour Office', section: 0, heading: 'Harbour Office', text: 'The harbour office accepts cash and cards, and offers several payment options.' },
    ];
    const answer = assembleOfflineAnswer('What options does the gangway accept?', passages, [], rarity({ options: 1000, gangway: 400, accept: 120 }));
    expect(answer.citations.map((c) => c.page)).toContain('wiki/sources/gangway.md');
    expect(answerSentences(answer.text)).toContain('The gangway can be set to a fixed, folding or telescopic length.');
  });

  it('is still none when only the frame is held: options and accept without the subject', () => {
    const passages: Passage[] = [
      { page: 'wiki/sources/git-maintenance.md', title: 'git maintenance › Options', section: 2, heading: 'Options', text: 'The scheduler option accepts the values auto, crontab, systemd-timer and launchctl.' },
    ];
    const question = 'What options does the Kubernetes scheduler accept?';
    expect(assembleOfflineAnswer(question, passages, [], rarity({ options: 1000, scheduler: 30, accept: 120 }))).toEqual({ text: '', citations: [] });
  });
});

describe('kb query --offline on a question whose closing verb its page lacks', () => {
  it('answers from the page on the subject, not from the one page that holds the rare verb', async () => {
    // "ferry" and "vehicles" are in nearly every page, "accept" in the harbour office's only.
    const { work, root } = await offlineKbOf('kb-framed-', {
      'ferry-vehicles.md': '# Ferry Vehicles\n\nThe ferry carries cars, vans and bicycles on the lower deck. Vehicles board from the stern ramp and leave by the bow doors.\n',
      'harbour-office.md': '# Harbour Office\n\nThe harbour office accepts cash and cards for ferry tickets. It opens an hour before the first ferry.\n',
      'ferry-timetable.md': '# Ferry Timetable\n\nThe ferry leaves the quay at nine and returns at five. Vehicles must reach the quay half an hour before the ferry leaves.\n',
      'ferry-crew.md': '# Ferry Crew\n\nThe ferry crew counts every passenger and vehicle before departure. The captain may delay the ferry in strong wind.\n',
      'ferry-fares.md': '# Ferry Fares\n\nA ferry ticket costs less in winter. Vehicles pay by length, and bicycles travel free on every ferry.\n',
    });
    const run = await runKb(['--kb', root, '--offline', '--json', 'query', 'What vehicles does the ferry accept?']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as QueryResult;
    expect(result.answer).toContain('The ferry carries cars, vans and bicycles on the lower deck.');
    expect(result.citations.map((c) => c.page)).toContain('wiki/sources/ferry-vehicles.md');
    fs.rmSync(work, { recursive: true, force: true });
  });
});

describe('kb query --offline on a command only a list of commands says what it does', () => {
  it('answers with the list\'s entry, though pages that use the command rank far above the list', async () => {
    const uses = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [
        `git-tool${i}.md`,
        `# git-tool${i}\n\nRun git frob before git tool${i} so that git frob has tidied the working tree; git frob --quiet keeps git frob silent. Set frob.mode when git frob is slow.\n`,
      ]),
    );
    const { work, root } = await offlineKbOf('kb-command-list-', {
      ...uses,
      'git-commands.md': `# Git commands\n\n${['git-add(1)', 'git-blame(1)', 'git-frob(1)', 'git-merge(1)', 'git-status(1)'].map((name) => `**${name}**: ${name === 'git-frob(1)' ? 'Frob the files of the working tree into a tidy order.' : `Do what ${name} does to the repository.`}`).join('\n\n')}\n`,
    });
    const run = await runKb(['--kb', root, '--offline', '--json', 'query', 'What does git frob do?']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as QueryResult;
    expect(answerSentences(result.answer)[0]).toBe('`git-frob(1)`: Frob the files of the working tree into a tidy order.');
    expect(result.citations[0]!.page).toBe('wiki/sources/git-commands.md');
    fs.rmSync(work, { recursive: true, force: true });
  });
});

describe('kb query --offline on what the wiki does not cover', () => {
  it('says nothing matches rather than quote a page that shares a common word with the question', async () => {
    const { work, root } = await offlineKbOf('kb-unanswered-', {
      'latex-news.md': '# LaTeX News\n\nBold mathematical capital A is slot number 1D400 in hex. The capital letters of the math alphabets are all there.\n',
      'harbour.md': '# Harbour\n\nThe ferry leaves the quay at nine. The harbour master keeps the tide tables.\n',
    });
    const run = await runKb(['--kb', root, '--offline', 'query', 'What is the capital of Australia?']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('Nothing in the knowledge base matches "What is the capital of Australia?".');
    const answered = await runKb(['--kb', root, '--offline', 'query', 'When does the ferry leave the quay?']);
    expect(answered.stdout).toContain('The ferry leaves the quay at nine.');
    fs.rmSync(work, { recursive: true, force: true });
  });
});

/** A KB in a temp dir with these files added offline through the CLI; the caller removes `work`. */
async function offlineKbOf(prefix: string, files: Record<string, string>): Promise<{ work: string; root: string }> {
  const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  const root = newKb(work);
  const input = path.join(work, 'in');
  fs.mkdirSync(input);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(input, name), text);
  const added = await runKb(['--kb', root, '--offline', 'add', input]);
  expect(added.code, added.stderr).toBe(0);
  return { work, root };
}

describe('an offline answer to a question worded in another inflection than its page', () => {
  // What the search matched through FTS5's Porter stemming ("close" in "closes"), the answer
  // must find in the same words: else the page found holds too little of the question.
  const rarity = (counts: Record<string, number>) => ({ rows: 40, rowsWith: (term: string) => counts[term] ?? 0 });

  it('answers "When does the library close?" from "when the library closes"', () => {
    const passages: Passage[] = [
      { page: 'wiki/sources/library-hours.md', title: 'Library Hours › Background', section: 1, heading: 'Background', text: 'The reading rooms are full between six and eight in the evening, when the library closes.' },
    ];
    const answer = assembleOfflineAnswer('When does the library close?', passages, [], rarity({ library: 3, close: 1 }));
    expect(answerSentences(answer.text)).toEqual(['The reading rooms are full between six and eight in the evening, when the library closes.']);
  });
});

describe('an offline answer quoting a sentence that opens with a lower-case name', () => {
  // The index keeps no code marks: "tar-fs allows you to pack …" read as no sentence (it does not
  // start with a capital), and the answer left out the one page that answers.
  it('quotes it with the name as code, as the page shows it', () => {
    const passages: Passage[] = [
      { page: 'wiki/sources/tar-fs.md', title: 'tar-fs › Usage', section: 1, heading: 'Usage', text: 'tar-fs allows you to pack directories into tarballs and extract tarballs into directories.' },
      { page: 'wiki/sources/pg-dump.md', title: 'pg_dump', section: 0, heading: 'pg_dump', text: 'pg_dump writes a tarball of a directory of dumps when asked for the tar format.' },
    ];
    const answer = answerSentences(assembleOfflineAnswer('How do I make a tarball of a directory?', passages).text);
    expect(answer).toContain('`tar-fs` allows you to pack directories into tarballs and extract tarballs into directories.');
    expect(answer).toContain('`pg_dump` writes a tarball of a directory of dumps when asked for the tar format.');
  });
});

describe('an offline answer to "Who …?"', () => {
  // The sample history's "Who invented the printing press?" was answered with the Gutenberg
  // Bible and the spread of presses: the sentence that names the inventor shares no word with
  // the question ("introduced", not "invented").
  const history: Passage[] = [
    {
      page: 'wiki/sources/printing-press-history.md',
      title: 'The Printing Press and the Spread of Knowledge',
      section: 0,
      heading: 'The Printing Press and the Spread of Knowledge',
      text: 'Johannes Gutenberg introduced movable metal type to Europe around 1450 in Mainz. The Gutenberg Bible, printed around 1455, showed that a printed book could match the quality of a manuscript.',
    },
    {
      page: 'wiki/sources/printing-press-history.md',
      title: 'The Printing Press and the Spread of Knowledge › Consequences',
      section: 2,
      heading: 'Consequences',
      text: 'Historians such as Elizabeth Eisenstein argue that the printing press was an agent of change in the Renaissance.',
    },
  ];
  const people = ['Johannes Gutenberg', 'Elizabeth Eisenstein'];

  it('opens with the sentence in which a person the knowledge base knows does something, not one that mentions a person', () => {
    const answer = answerSentences(assembleOfflineAnswer('Who invented the printing press?', history, [], undefined, people).text);
    expect(answer[0]).toBe('Johannes Gutenberg introduced movable metal type to Europe around 1450 in Mainz.');
    // After the person who did it, a sentence that names no one pads a "Who …?" answer.
    expect(answer).not.toContain('The Gutenberg Bible, printed around 1455, showed that a printed book could match the quality of a manuscript.');
    // Without the persons the documents name, nothing tells that sentence apart.
    expect(answerSentences(assembleOfflineAnswer('Who invented the printing press?', history).text)).not.toContain('Johannes Gutenberg introduced movable metal type to Europe around 1450 in Mainz.');
  });

  it('takes the person after "by", and leaves other questions as they were', () => {
    const passages: Passage[] = [
      { page: 'wiki/sources/git-branch.md', title: 'git-branch(1)', section: 1, heading: 'OPTIONS', text: 'Git maintains the list of branches, and git branch maintains it for every Git user.' },
      { page: 'wiki/sources/bisect-talk.md', title: 'Fighting regressions with git bisect', section: 1, heading: 'Introduction', text: 'Git is a distributed version control system created by Linus Torvalds and maintained by Junio Hamano.' },
    ];
    const names = ['Linus Torvalds', 'Junio Hamano'];
    expect(answerSentences(assembleOfflineAnswer('Who maintains Git?', passages, [], undefined, names).text)[0]).toBe(
      'Git is a distributed version control system created by Linus Torvalds and maintained by Junio Hamano.',
    );
    expect(answerSentences(assembleOfflineAnswer('Who maintains Git?', passages).text)[0]).toBe('Git maintains the list of branches, and git branch maintains it for every Git user.');
    expect(assembleOfflineAnswer('What does git branch maintain?', passages, [], undefined, names).text).toBe(assembleOfflineAnswer('What does git branch maintain?', passages).text);
    // A chat's follow-up asks who too: "and who maintains it?" after "Who created Git?" (its terms carried after it).
    const both = 'Git is a distributed version control system created by Linus Torvalds and maintained by Junio Hamano.';
    expect(answerSentences(assembleOfflineAnswer('and who maintains it? created git', passages, [], undefined, names).text)[0]).toBe(both);
    // The first answer quoted that sentence already; it answers this one too, so it is quoted again.
    expect(answerSentences(assembleOfflineAnswer('and who maintains it? created git', passages, [both], undefined, names).text)[0]).toBe(both);
  });

  // "Who wrote makeindex?" said nothing matched, in a KB whose MakeIndex manual says "MakeIndex
  // is a C program written by Pehong Chen": "wrote", a rare word in the KB, weighed more than
  // the subject, and "written" was not seen as the same verb.
  const manual: Passage[] = [
    { page: 'wiki/sources/makeindex.md', title: 'MakeIndex: An Index Processor', section: 8, heading: 'Page 8', text: 'MakeIndex is a C program written by Pehong Chen, with a little advice from me.' },
  ];
  const writer = ['Pehong Chen'];
  const rarity = (counts: Record<string, number>) => ({ rows: 20_000, rowsWith: (term: string) => counts[term] ?? 0 });

  it('reads another form of the question\'s verb as the same word ("wrote", "written by")', () => {
    const answer = answerSentences(assembleOfflineAnswer('Who wrote makeindex?', manual, [], rarity({ wrote: 3, makeindex: 40 }), writer).text);
    expect(answer[0]).toBe('MakeIndex is a C program written by Pehong Chen, with a little advice from me.');
    expect(answerSentences(assembleOfflineAnswer('Who developed MakeIndex?', manual, [], rarity({ developed: 90, makeindex: 40 }), writer).text)[0]).toBe(answer[0]);
  });

  // "Who maintains git-gui?": SubmittingPatches says it in a line that introduces a list.
  it('takes the sentence that names the person from a line that introduces what follows', () => {
    const patches: Passage[] = [
      {
        page: 'wiki/sources/submitting-patches.md',
        title: 'Submitting Patches',
        section: 3,
        heading: 'Subsystems with dedicated maintainers',
        text: 'Some parts of the system have dedicated maintainers with their own repositories.\n\n- `git-gui/` comes from the git-gui project, maintained by Pratyush Yadav:\n\n        https://github.com/prati0100/git-gui.git\n',
      },
    ];
    const answer = answerSentences(assembleOfflineAnswer('Who maintains git-gui?', patches, [], undefined, ['Pratyush Yadav']).text);
    expect(answer[0]).toBe('`git-gui/` comes from the git-gui project, maintained by Pratyush Yadav.');
  });

  // With person pages read for "Who …?", "Who maintains Git?" opened with git-gui's maintainer:
  // "git" of "git-gui" counted as the subject.
  it('counts a hyphenated name as one word: git-gui is not Git', () => {
    const passages: Passage[] = [
      { page: 'wiki/entities/pratyush-yadav.md', title: 'Pratyush Yadav', section: null, text: 'git-gui/ comes from the git-gui project, maintained by Pratyush Yadav:' },
      { page: 'wiki/entities/junio-hamano.md', title: 'Junio Hamano', section: null, text: 'Git is a distributed version control system created by Linus Torvalds and maintained by Junio Hamano.' },
    ];
    const names = ['Pratyush Yadav', 'Junio Hamano', 'Linus Torvalds'];
    expect(answerSentences(assembleOfflineAnswer('Who maintains Git?', passages, [], undefined, names).text)[0]).toBe(
      'Git is a distributed version control system created by Linus Torvalds and maintained by Junio Hamano.',
    );
    expect(answerSentences(assembleOfflineAnswer('Who maintains git-gui?', passages, [], undefined, names).text)[0]).toBe('`git-gui/` comes from the git-gui project, maintained by Pratyush Yadav.');
  });

  // A PDF's Info dictionary names its author (the source page's `author:`), which no sentence
  // of its text may say: "Who wrote the aliascnt package?" was answered with its options.
  it('says who wrote a document its file names an author of, citing the source page', () => {
    const manual: Passage[] = [
      { page: 'wiki/sources/aliascnt.md', title: 'The aliascnt package › Usage', section: 2, heading: 'Usage', text: 'The aliascnt package defines a counter that is an alias of another counter.', author: 'Heiko Oberdiek' },
      { page: 'wiki/sources/ltnews.md', title: 'LaTeX News', section: 1, heading: 'Issue 1', text: 'The aliascnt package was updated.', author: 'The LaTeX Project' },
    ];
    const answer = assembleOfflineAnswer('Who wrote the aliascnt package?', manual);
    expect(answerSentences(answer.text)[0]).toBe('The aliascnt package was written by Heiko Oberdiek.');
    expect(answer.text.split('\n')[0]).toBe('The aliascnt package was written by Heiko Oberdiek. ([[sources/aliascnt|The aliascnt package]])');
    const several = [{ ...manual[0]!, author: 'Frank Mittelbach ; Denys Duchier ; Johannes Braams' }];
    expect(answerSentences(assembleOfflineAnswer('Who is the author of the aliascnt package?', several).text)[0]).toBe('The aliascnt package was written by Frank Mittelbach, Denys Duchier and Johannes Braams.');
    // A chat's follow-up asks it too.
    expect(answerSentences(assembleOfflineAnswer('and who wrote the aliascnt package?', manual).text)[0]).toBe('The aliascnt package was written by Heiko Oberdiek.');
    // Not for a question about something the document's title does not name.
    expect(assembleOfflineAnswer('Who wrote the counter code?', manual).text).not.toMatch(/was written by/);
    // "package" says what was written, not which: url.sty's title has no "package".
    const url: Passage[] = [{ page: 'wiki/sources/url.md', title: 'url.sty version 3.4 › Page 2', section: 2, heading: 'Page 2', text: 'The package option hyphens allows breaks after explicit hyphen characters in a url.', author: 'Donald Arseneau' }];
    expect(answerSentences(assembleOfflineAnswer('Who wrote the url package?', url).text)[0]).toBe('url.sty version 3.4 was written by Donald Arseneau.');
  });

  // Seen in bench/who-questions-later.json: the README says "These definitions were written by
  // Rodrigo Pietnechuk.", which leans on the sentence before it and was never quoted alone.
  it('quotes a credit that points back at what it credits', () => {
    const readme: Passage[] = [
      { page: 'wiki/sources/types_deep-eql.md', title: '@types_deep-eql › Credits', section: 2, heading: 'Credits', text: 'This package contains type definitions for deep-eql.\n\nThese definitions were written by Rodrigo Pietnechuk.' },
    ];
    const answer = answerSentences(assembleOfflineAnswer('Who wrote the type definitions for deep-eql?', readme, [], undefined, ['Rodrigo Pietnechuk']).text);
    expect(answer[0]).toBe('These definitions were written by Rodrigo Pietnechuk.');
    // Not a sentence that leans back and mentions a credit in passing ("who wrote" over the corpus opened with it).
    const talk: Passage[] = [{ page: 'wiki/sources/speed-talk.md', title: 'Speed', section: 1, heading: 'History', text: 'The parser was slow in 2019.\n\nHe mentioned the article on parser speed written by Vyacheslav Egorov.' }];
    expect(answerSentences(assembleOfflineAnswer('Who wrote the article on parser speed?', talk, [], undefined, ['Vyacheslav Egorov']).text)[0]).not.toBe('He mentioned the article on parser speed written by Vyacheslav Egorov.');
  });

  it('still says nothing matches when the knowledge base does not hold the subject', () => {
    expect(assembleOfflineAnswer('Who wrote Hamlet?', manual, [], rarity({ wrote: 3, hamlet: 0 }), writer)).toEqual({ text: '', citations: [] });
  });
});

describe('an offline answer that names what the corpus does not hold', () => {
  // Seen on the corpus KB (bench/unanswerable-later.json, session 15): "Who founded Microsoft?"
  // quoted the PostgreSQL installation chapter, "Who develops PostgreSQL?" opened with "The LaTeX
  // support was developed by Mariusz Olko.", "Who wrote fancyhdr?" with an article by Frank
  // Mittelbach, "What does git stash do?" with git-log and git-merge sentences.
  const people = ['Mariusz Olko', 'Frank Mittelbach'];
  const latexNews: Passage = { page: 'wiki/entities/mariusz-olko.md', title: 'Mariusz Olko', section: null, text: 'The LaTeX support was developed by Mariusz Olko.' };
  const pgIntro: Passage = { page: 'wiki/sources/pg-intro.md', title: 'What Is PostgreSQL?', section: 0, heading: 'What Is PostgreSQL?', text: 'PostgreSQL is an object-relational database management system.' };

  it('takes no person from a page about something else for "Who …?", nor one credited with something else', () => {
    expect(assembleOfflineAnswer('Who develops PostgreSQL?', [latexNews, pgIntro], [], undefined, people)).toEqual({ text: '', citations: [] });
    const fancyhdr: Passage = {
      page: 'wiki/sources/fancyhdr.md',
      title: 'The fancyhdr and extramarks packages › Floats',
      section: 9,
      heading: 'Floats',
      text: 'A much more elaborate article about float placement by Frank Mittelbach appeared in 2014 in TUGboat. The fancyhdr package lets you define page headers and footers.',
    };
    expect(assembleOfflineAnswer('Who wrote fancyhdr?', [fancyhdr], [], undefined, people)).toEqual({ text: '', citations: [] });
    // A sentence that says it, with no person the KB knows, answers still.
    const developed: Passage = { ...pgIntro, text: `${pgIntro.text} PostgreSQL is developed by the PostgreSQL Global Development Group.` };
    expect(answerSentences(assembleOfflineAnswer('Who develops PostgreSQL?', [latexNews, developed], [], undefined, people).text)).toEqual([
      'PostgreSQL is developed by the PostgreSQL Global Development Group.',
    ]);
  });

  it('quotes for "Who <verb> X?" only sentences with the verb and X, when no person is found', () => {
    const passages: Passage[] = [
      { page: 'wiki/sources/commander.md', title: 'Commander.js › Executables', section: 4, heading: 'Executables', text: 'If the program is designed to be installed globally, make sure the executables have proper modes, like 755.' },
      { page: 'wiki/sources/l3news.md', title: 'LaTeX3 News › The future', section: 2, heading: 'The future', text: 'Work is continuing in the expl3 programming language and the xpackages for document design.' },
    ];
    expect(assembleOfflineAnswer('Who designed the Go programming language?', passages)).toEqual({ text: '', citations: [] });
    // A kindred verb ("build" for "found") with no person doing it does not say the deed.
    const install: Passage[] = [{ page: 'wiki/sources/pg-installation.md', title: 'Installation', section: 1, heading: 'Windows', text: "If you intend to build with Microsoft's Visual C++, see Chapter 18 instead." }];
    expect(assembleOfflineAnswer('Who founded Microsoft?', install)).toEqual({ text: '', citations: [] });
    // A question that names no subject is answered by no sentence that merely has the verb.
    const letters: Passage[] = [{ page: 'wiki/sources/name-rev.md', title: 'git-name-rev(1) › EXAMPLES', section: 2, heading: 'EXAMPLES', text: 'Say somebody wrote you about that fantastic commit.' }];
    expect(assembleOfflineAnswer('who wrote', letters)).toEqual({ text: '', citations: [] });
    expect(assembleOfflineAnswer('Who wrote [[x]]|"*?', letters, [], undefined, ['Linus Torvalds'])).toEqual({ text: '', citations: [] });
    const ferry: Passage[] = [{ page: 'wiki/sources/ferry.md', title: 'Ferry Notes', section: 0, heading: 'Ferry Notes', text: 'The deck officer signs the loading list before the ferry leaves the quay.' }];
    expect(answerSentences(assembleOfflineAnswer('Who signs the loading list?', ferry).text)).toEqual(['The deck officer signs the loading list before the ferry leaves the quay.']);
  });

  it('answers "What is X?" for a name of two words or more only from pages that say it', () => {
    const passages: Passage[] = [
      // A man page reference points at another page: git-merge does not say what git stash is.
      { page: 'wiki/sources/git-merge.md', title: 'git-merge(1) › OPTIONS', section: 2, heading: 'OPTIONS', text: 'If MERGE_AUTOSTASH is present, the stash entry will be saved to the stash list (see git-stash(1)).' },
      { page: 'wiki/sources/git-log.md', title: 'git-log(1) › OPTIONS', section: 2, heading: 'OPTIONS', text: 'Intended to speed up tools that read log messages from git log output.' },
    ];
    expect(assembleOfflineAnswer('What does git stash do?', passages)).toEqual({ text: '', citations: [] });
    const stash: Passage = { page: 'wiki/sources/git-stash.md', title: 'git-stash(1)', section: 1, heading: 'DESCRIPTION', text: 'Use git stash when you want to record the current state of the working directory and go back to a clean one.' };
    expect(answerSentences(assembleOfflineAnswer('What does git stash do?', [...passages, stash]).text)[0]).toBe(stash.text);
    // A list of commands names the command and says what it does: its entry answers (a man page
    // reference before a colon is no code, as "parse(text): returns" is).
    const commands: Passage = { page: 'wiki/sources/git-cmds.md', title: 'git-cmds-mainporcelain', section: null, text: 'git-stash(1): Stash the changes in a dirty working directory away.\n\ngit-status(1): Show the working tree status.' };
    expect(answerSentences(assembleOfflineAnswer('What does git stash do?', [...passages, commands]).text)).toEqual(['`git-stash(1)`: Stash the changes in a dirty working directory away.']);
    expect(answerSentences(assembleOfflineAnswer('What does git status do?', [...passages, commands]).text)).toEqual(['`git-status(1)`: Show the working tree status.']);
    const code: Passage = { page: 'wiki/sources/api.md', title: 'API', section: 1, heading: 'API', text: 'stash(changes): Returns the changes stashed away in the dirty working directory.' };
    expect(assembleOfflineAnswer('What does stash return?', [code])).toEqual({ text: '', citations: [] });
    const news: Passage[] = [{ page: 'wiki/sources/ltnews.md', title: 'LaTeX News › latin9', section: 3, heading: 'latin9', text: 'It contains the euro sign; this could be the killer argument for Latin-9 on Linux.' }];
    expect(assembleOfflineAnswer('What is the Linux OOM killer?', news)).toEqual({ text: '', citations: [] });
    // A name qualifying one word ("a PostgreSQL table") asks of that word: the text need not say them together.
    const tables: Passage[] = [{ page: 'wiki/sources/ddl.md', title: 'Data Definition', section: 1, heading: 'Table Basics', text: 'A table in PostgreSQL holds rows of the same columns.' }];
    expect(assembleOfflineAnswer('What is a PostgreSQL table?', tables).text).not.toBe('');
    // Words all in capitals name one command: "VACUUM FULL" is said together or not at all.
    const vacuum: Passage[] = [{ page: 'wiki/sources/vacuum.md', title: 'Routine Vacuuming', section: 1, heading: 'Vacuuming', text: 'A full scan by VACUUM visits every page of the table.' }];
    expect(assembleOfflineAnswer('What does VACUUM FULL do?', vacuum)).toEqual({ text: '', citations: [] });
    // A description of two words with a function word is no name: its words are enough.
    const wal: Passage[] = [{ page: 'wiki/sources/wal.md', title: 'Write-Ahead Logging', section: 0, heading: 'Write-Ahead Logging', text: 'The purpose of the WAL is to make changes durable before the data files are written.' }];
    expect(assembleOfflineAnswer('What is the purpose of the WAL?', wal).text).not.toBe('');
  });
});
