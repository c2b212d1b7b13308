/**
 * @module Admission and byte accounting for a hub's sync sockets: how many may be open at
 * once (in all, and from one address), and how many received bytes they may hold — per socket
 * and in all — before their messages are answered. Every count is given back when the socket
 * closes, so a wave of hostile sockets costs nothing once it is gone.
 */
import type { SyncError } from "./sync-error.js";

/** The caps. Defaults: {@link DEFAULT_SOCKET_LIMITS}. */
export interface SocketLimits {
  /** Sync sockets open at once, from everyone. */
  readonly maxSockets: number;
  /**
   * Sync sockets open at once from one address. A NAT puts many members behind one
   * address, but members sync through their browser's HTTP sync or a hub's one socket per
   * peer, so a handful per address is plenty; an attacker needs many addresses to fill the hub.
   */
  readonly maxSocketsPerAddress: number;
  /** Received bytes one socket may hold (frames of an unfinished message, messages waiting). */
  readonly maxSocketBytes: number;
  /** Received bytes all sync sockets together may hold. */
  readonly maxTotalBytes: number;
}

export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  maxSockets: 200,
  maxSocketsPerAddress: 8,
  // One whole message at the sync budget's largest (8 MiB) plus its last frame.
  maxSocketBytes: 8 * 1024 * 1024 + 4096,
  maxTotalBytes: 64 * 1024 * 1024,
};

/** One admitted socket's share of the gate; `close` gives all of it back (idempotent). */
export interface SocketTicket {
  /** Holds n more received bytes; null when they fit, else why not (nothing is held then). */
  hold(n: number): SyncError | null;
  /** Gives back n held bytes (their message was answered). */
  free(n: number): void;
  /** Bytes held now. */
  readonly held: number;
  close(): void;
}

/** The counts of a gate (for tests, logs and benchmarks). */
export interface SocketGateUse {
  readonly sockets: number;
  readonly addresses: number;
  readonly bytes: number;
}

export class SocketGate {
  private sockets = 0;
  private bytes = 0;
  private readonly perAddress = new Map<string, number>();

  constructor(readonly limits: SocketLimits = DEFAULT_SOCKET_LIMITS) {}

  get use(): SocketGateUse {
    return {
      sockets: this.sockets,
      addresses: this.perAddress.size,
      bytes: this.bytes,
    };
  }

  /** Why a new socket from this address would be refused now, or null when it fits. */
  refusal(address: string): SyncError | null {
    if (this.sockets >= this.limits.maxSockets)
      return {
        code: "SYNC_SOCKETS_FULL",
        details: { reason: "sockets", limit: this.limits.maxSockets },
      };
    if ((this.perAddress.get(address) ?? 0) >= this.limits.maxSocketsPerAddress)
      return {
        code: "SYNC_SOCKETS_FULL",
        details: { reason: "address", limit: this.limits.maxSocketsPerAddress },
      };
    return null;
  }

  /** Admits a socket from an address, or says why not. */
  admit(address: string): SocketTicket | SyncError {
    const refused = this.refusal(address);
    if (refused !== null) return refused;
    this.sockets++;
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    let held = 0;
    let open = true;
    const ticket: SocketTicket = {
      hold: (n) => {
        if (held + n > this.limits.maxSocketBytes)
          return {
            code: "SYNC_MESSAGE_TOO_LARGE",
            details: { size: held + n, limit: this.limits.maxSocketBytes },
          };
        if (this.bytes + n > this.limits.maxTotalBytes)
          return {
            code: "SYNC_SOCKETS_FULL",
            details: { reason: "bytes", limit: this.limits.maxTotalBytes },
          };
        held += n;
        this.bytes += n;
        return null;
      },
      free: (n) => {
        const k = Math.min(n, held);
        held -= k;
        this.bytes -= k;
      },
      get held() {
        return held;
      },
      close: () => {
        if (!open) return;
        open = false;
        this.bytes -= held;
        held = 0;
        this.sockets--;
        const left = (this.perAddress.get(address) ?? 1) - 1;
        if (left <= 0) this.perAddress.delete(address);
        else this.perAddress.set(address, left);
      },
    };
    return ticket;
  }
}
