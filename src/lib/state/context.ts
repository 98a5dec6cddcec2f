/** Typed context for the one Session of the app. */
import { getContext, setContext } from 'svelte';
import type { Session } from './session.svelte.ts';

const KEY = Symbol('session');
/** For `mount(App, { context: sessionContext(session) })`. */
export const sessionContext = (s: Session): Map<symbol, Session> => new Map([[KEY, s]]);
export const setSession = (s: Session): Session => setContext(KEY, s);
export const getSession = (): Session => getContext<Session>(KEY);
