/** The last lines of each pod's output, kept in the page (and saved, so a reload shows them). */
export interface LogLine {
  ts: number
  stream: 'stdout' | 'stderr'
  line: string
}

export function createLogBuffer(maxLinesPerPod = 200, maxPods = 50) {
  const pods = new Map<string, LogLine[]>()
  return {
    add(podId: string, entry: LogLine) {
      let lines = pods.get(podId)
      if (!lines) {
        if (pods.size >= maxPods) pods.delete(pods.keys().next().value!)
        lines = []
        pods.set(podId, lines)
      }
      lines.push(entry)
      if (lines.length > maxLinesPerPod) lines.splice(0, lines.length - maxLinesPerPod)
    },
    lines: (podId: string): readonly LogLine[] => pods.get(podId) ?? [],
    forget: (podId: string) => void pods.delete(podId),
    snapshot: (): Record<string, LogLine[]> => Object.fromEntries([...pods].map(([k, v]) => [k, [...v]])),
    restore(saved: Record<string, LogLine[]> | undefined) {
      for (const [k, v] of Object.entries(saved ?? {})) if (Array.isArray(v)) pods.set(k, v.slice(-maxLinesPerPod))
    },
  }
}
export type LogBuffer = ReturnType<typeof createLogBuffer>
