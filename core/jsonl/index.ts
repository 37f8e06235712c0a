export { aKind, JsonNumber, JsonObject, JsonSyntaxError, type JsonValue, kindOf, parseJson } from './parse';
export { canonicalNumber, columnText, isParsedLine, javaTrim, lineValues, members, renderJson, splitLines } from './openx';
