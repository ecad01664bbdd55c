import type { ConnectionLimitReason } from './connection'
import type { Logger } from './logger'
import type { ResolvedOptions } from './options'
import type { GatewayOptions } from './socket-gateway'
import { ConnectionLimits } from './limits/connection-limits'
import type { DocumentSizes } from './limits/document-size'
import { MemoryWatchdog } from './limits/memory-watchdog'
import type { QueueHolder } from './limits/queued-memory'

/** The gateway options that bound what connections may send, hold and open, from the server's options. */
export type GatewayLimitOptions = Required<Pick<GatewayOptions, 'rateLimit' | 'queueLimits' | 'documentQuota' | 'limits' | 'onLimited'>>

/** The per-connection and shared limits of the gateway; `onLimited` counts each connection a limit closes or refuses. */
export function gatewayLimitsOf(config: ResolvedOptions, sizes: DocumentSizes, onLimited: (reason: ConnectionLimitReason) => void): GatewayLimitOptions {
  const factor = config.sharedRateLimitFactor
  return {
    rateLimit: { perSecond: config.updateRateLimit, burst: config.updateBurst, bytesPerSecond: config.byteRateLimit, bytesBurst: config.byteBurst },
    queueLimits: { maxIncomingMessages: config.maxQueuedIncomingMessages, maxIncomingBytes: config.maxQueuedIncomingBytes },
    documentQuota: { sizes, maxBytes: config.maxDocumentBytes },
    limits: new ConnectionLimits({
      caps: { perAddress: config.maxConnectionsPerAddress, perToken: config.maxConnectionsPerToken, perDocument: config.maxConnectionsPerDocument },
      shared: {
        perSecond: config.updateRateLimit * factor,
        burst: config.updateBurst * factor,
        bytesPerSecond: config.byteRateLimit * factor,
        bytesBurst: config.byteBurst * factor,
      },
      maxDocumentBufferedBytes: config.maxDocumentBufferedBytes,
      maxServerBufferedBytes: config.maxServerBufferedBytes,
    }),
    onLimited,
  }
}

/** The server's memory watchdog over `holders` (not started). */
export function memoryWatchdogOf(config: ResolvedOptions, holders: () => Iterable<QueueHolder>, logger: Logger): MemoryWatchdog {
  return new MemoryWatchdog({ ratio: config.heapShedRatio, intervalMs: config.memoryCheckIntervalMs, holders, logger })
}
