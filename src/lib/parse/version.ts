/**
 * Bumped whenever a change can alter a parse result; stored results from older versions are offered for
 * re-parsing. Its own module so the page can read it without loading the parser.
 */
export const PARSER_VERSION = '1.0.0';
