/**
 * @module Whether this page was opened on a name only this computer answers to (127.0.0.1,
 * localhost): a link or QR made from it would open nothing on a phone in the hall, so pages
 * that show one ask the hub for its addresses on the network instead.
 */

/** True when this page was opened on a name only this computer answers to. */
export function openedOnLoopback(): boolean {
  const host = location.hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}
