export { csvLine, csvSafe } from './csv-safe';
export { barChart, cell, escapeHtml, renderReportHtml } from './html';
export { decideStatus, firstSentence, type StatusInput } from './status';
export { renderReportText } from './text';
export { summary } from './words';
export { findingFromGroup, withRuleMessages } from './advice';
export { rejectedMessage, unreadableFinding } from './messages';
export { boundFinding, clip } from './bounds';
export { damagedFinding, emptyLoadFinding, limitFinding, recordsMismatchFinding, repeatFinding } from './intake';
