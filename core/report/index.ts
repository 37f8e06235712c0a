export { csvLine, csvSafe } from './csv-safe';
export { barChart, cell, escapeHtml, renderReportHtml } from './html';
export { decideStatus, firstSentence, type StatusInput } from './status';
export { renderReportText } from './text';
export { summary, wordsFor } from './words';
export { findingFromGroup, withRuleMessages } from './advice';
export { acceptedMessage, rejectedMessage, unreadableFinding } from './messages';
export { boundFinding, clip } from './bounds';
export { damagedFinding, emptyLoadFinding, limitFinding, recordsMismatchFinding, repeatCode, repeatFinding } from './intake';
