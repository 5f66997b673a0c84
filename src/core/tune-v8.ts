import v8 from 'node:v8';

/**
 * V8 settings for kb's workload, set once per process by its entry points, which import this
 * module first, before any other code has run long enough to be optimised. V8's flags belong
 * to the process: the prepare workers started later inherit them.
 *
 * --no-turbo-inlining. Each prepare worker is a fresh V8 isolate that optimises pdf.js and the
 * analysis code for itself, so at `--jobs 2` that work is done twice. Inlining is most of
 * what the optimising compiler spends. Without it, on the shared corpus's 40 PDFs (2 cores, 4
 * interleaved rounds), `kb add` took 10.4 s at --jobs 1 instead of 11.0 s and 9.3 s at
 * --jobs 2 instead of 10.4 s. On all 411 files (3 rounds) it took 23.7 s instead of 26.1 s at
 * --jobs 1 and 23.8 s instead of 28.4 s at --jobs 2. A warm worker converts PDFs as fast as
 * before. The setting only changes how code is compiled, never what it computes.
 */
v8.setFlagsFromString('--no-turbo-inlining');
