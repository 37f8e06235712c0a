/** Small walks over ASL definitions. */

export type AslState = Record<string, unknown> & { Type?: string; Resource?: string; Parameters?: unknown };
export type AslMachine = { StartAt?: string; States?: Record<string, AslState> };

/** Every Task state, including those inside Map item processors and Parallel branches. */
export function taskStates(def: AslMachine): Array<{ name: string; state: AslState }> {
  const found: Array<{ name: string; state: AslState }> = [];
  const walk = (machine: AslMachine): void => {
    for (const [name, state] of Object.entries(machine.States ?? {})) {
      if (state.Type === 'Task') found.push({ name, state });
      if (state.Type === 'Map') walk(((state.ItemProcessor ?? state.Iterator) ?? {}) as AslMachine);
      if (state.Type === 'Parallel') for (const branch of (state.Branches ?? []) as AslMachine[]) walk(branch);
    }
  };
  walk(def);
  return found;
}

/**
 * Step Functions' own default: a Task without TimeoutSeconds may run for 99999999 s. The interpreter
 * defaults to 60 s, which would kill long local queries, so the copy it runs spells out the service
 * default (capped to what a Node timer can hold). Nothing else in the definition is touched.
 */
export const serviceTaskTimeoutSeconds = 2_147_483;

export function withServiceDefaults<T extends AslMachine>(def: T): T {
  const copy = structuredClone(def);
  for (const { state } of taskStates(copy)) {
    if (state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) state.TimeoutSeconds = serviceTaskTimeoutSeconds;
  }
  return copy;
}
