/** Small walks over ASL definitions. */

export type AslState = Record<string, unknown> & { Type?: string; Resource?: string; Parameters?: unknown };
export type AslMachine = { StartAt?: string; States?: Record<string, AslState> };

/** Every Task state, including those inside Map item processors and Parallel branches. */
export function taskStates(def: AslMachine): Array<{ name: string; state: AslState; inMap: boolean }> {
  const found: Array<{ name: string; state: AslState; inMap: boolean }> = [];
  const walk = (machine: AslMachine, inMap: boolean): void => {
    for (const [name, state] of Object.entries(machine.States ?? {})) {
      if (state.Type === 'Task') found.push({ name, state, inMap });
      if (state.Type === 'Map') walk(((state.ItemProcessor ?? state.Iterator) ?? {}) as AslMachine, true);
      if (state.Type === 'Parallel') for (const branch of (state.Branches ?? []) as AslMachine[]) walk(branch, true);
    }
  };
  walk(def, false);
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

/** Names a state can go to next: Next, Default, each Choice's Next, each Catch's Next. */
function successors(state: AslState): string[] {
  const next = [state.Next, state.Default];
  for (const choice of (state.Choices ?? []) as Array<{ Next?: unknown }>) next.push(choice.Next);
  for (const handler of (state.Catch ?? []) as Array<{ Next?: unknown }>) next.push(handler.Next);
  return next.filter((n): n is string => typeof n === 'string');
}

/**
 * The definition started at `state`, for a redrive: the states it can no longer reach are left out, as a valid
 * definition may not have unreachable states.
 */
export function startingAt<T extends AslMachine>(def: T, state: string): T {
  const states = def.States ?? {};
  if (!states[state]) throw new Error(`the definition has no state ${state}`);
  const reachable = new Set<string>();
  const visit = (name: string): void => {
    if (reachable.has(name) || !states[name]) return;
    reachable.add(name);
    for (const next of successors(states[name])) visit(next);
  };
  visit(state);
  return { ...structuredClone(def), StartAt: state, States: Object.fromEntries(Object.entries(states).filter(([n]) => reachable.has(n)).map(([n, s]) => [n, structuredClone(s)])) };
}
