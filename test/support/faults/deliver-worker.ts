import { readFile } from 'node:fs/promises';
import { LocalRuntime } from '../../../local/runtime/runtime';
import type { ObjectCreatedEvent } from '../../../schemas/events';
import { whenGo } from './worker';

/** Opens a runtime on the workspace, then (on "go") delivers the event in the file, like a second EventBridge delivery. */
const [workspace, eventFile] = process.argv.slice(2) as [string, string];
const event = JSON.parse(await readFile(eventFile, 'utf8')) as ObjectCreatedEvent;
const runtime = await LocalRuntime.open({ workspace });
try {
  await whenGo(async () => (await runtime.deliver(event)).map((r) => ({ name: r.name, workflow: r.workflow, status: r.status, error: r.error, cause: r.cause?.slice(0, 600) })));
} finally {
  await runtime.close();
}
