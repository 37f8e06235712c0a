/**
 * SDK v3 errors are ServiceException subclasses, but matching on `name` (and the HTTP status for bodiless
 * responses such as HEAD) also works for errors built in tests and for services that add new subclasses.
 */
export function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : undefined;
}

export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('$metadata' in error)) return undefined;
  const metadata = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
  return metadata?.httpStatusCode;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
