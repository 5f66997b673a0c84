/**
 * Where a Markdown link or image points: an address in parentheses, which may hold one level of
 * balanced parentheses itself (https://en.wikipedia.org/wiki/Queue_(abstract_data_type)), or
 * a reference label in brackets. Shared by the analysis (analyze/clean-inline-markdown.ts), the
 * converters' headings and the search rows; in core/ so that loading it loads nothing else.
 */
export const LINK_TARGET = /(?:\((?:[^()]|\([^()]*\))*\)|\[[^\]]*\])/.source;

/** An image, inline or by reference, or a linked image (a badge: [![build][badge-img]][ci-url]). */
export const IMAGE_OR_BADGE = `(?:\\[!\\[[^\\]]*\\]${LINK_TARGET}\\]${LINK_TARGET}|!\\[[^\\]]*\\]${LINK_TARGET})`;
