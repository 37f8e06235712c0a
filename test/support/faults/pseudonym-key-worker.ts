import { FsObjectStore } from '../../../adapters/local/fs-object-store';
import type { Ports } from '../../../core/ports';
import { pseudonymKey } from '../../../core/pseudonym-key';
import { whenGo } from './worker';

const [workspace, tenant] = process.argv.slice(2) as [string, string];
const ports = { store: new FsObjectStore(workspace), buckets: { landing: 'landing', lake: 'lake' } } as unknown as Ports;
await whenGo(() => pseudonymKey(ports, tenant));
