import type { ConvertedDocument } from '../../model/converted-document.js';

/** What converters produce is a model type, shared with the engines that read it. */
export type { ConvertedDocument, SectionNode } from '../../model/converted-document.js';

export interface ConvertInput {
  /** The original file name, for the fallback title and messages. */
  fileName: string;
  /** Lower-case extension with the dot, e.g. ".pdf". */
  ext: string;
}

/**
 * The input file cannot be converted: corrupt, encrypted, empty, binary behind a text
 * extension, invalid UTF-8 … `message` is one line a user can act on; the batch goes on.
 */
export class ConversionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConversionError';
  }
}

export type Converter = (bytes: Uint8Array, input: ConvertInput) => Promise<ConvertedDocument>;
