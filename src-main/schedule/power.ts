import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

// Where the machine draws its power from, so background syncs do not drain a laptop's last few
// percent. Only Linux exposes this to a plain Node process (sysfs); elsewhere, and whenever the
// platform does not say, the answer is "mains" so a desktop never stops syncing for lack of data.
// The engine takes a PowerSource in its constructor: tests hand it a fixed one.

export interface PowerState {
  onBattery: boolean
  /** charge in percent, null when unknown */
  percent: number | null
}

export interface PowerSource {
  read(): PowerState
}

export const MAINS: PowerState = { onBattery: false, percent: null }

export const mainsPower: PowerSource = { read: () => MAINS }

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim()
  } catch {
    return null
  }
}

/**
 * Linux: /sys/class/power_supply/<name>/{type,online,status,capacity}. Any online mains adapter
 * (or USB-C supply) means mains; otherwise a discharging battery means battery, with the lowest
 * capacity among the batteries (a laptop with two stops when either would).
 */
export function sysfsPower(root = '/sys/class/power_supply'): PowerSource {
  return {
    read(): PowerState {
      let names: string[]
      try {
        names = readdirSync(root)
      } catch {
        return MAINS
      }
      let discharging = false
      let percent: number | null = null
      for (const name of names) {
        const dir = join(root, name)
        const type = readText(join(dir, 'type'))
        if (type === 'Mains' || type === 'USB' || type === 'USB_C') {
          if (readText(join(dir, 'online')) === '1') return MAINS
        } else if (type === 'Battery') {
          // a peripheral's battery (a mouse) reports scope Device; it says nothing about our power
          if (readText(join(dir, 'scope')) === 'Device') continue
          const status = readText(join(dir, 'status'))
          if (status === 'Discharging') discharging = true
          const capacity = Number(readText(join(dir, 'capacity')))
          if (Number.isFinite(capacity) && readText(join(dir, 'capacity')) !== null) percent = percent === null ? capacity : Math.min(percent, capacity)
        }
      }
      return discharging ? { onBattery: true, percent } : MAINS
    },
  }
}

/** The reader for this platform: sysfs on Linux, "mains" elsewhere (the desktop shell may refine it). */
export function platformPower(platform: NodeJS.Platform = process.platform): PowerSource {
  return platform === 'linux' ? sysfsPower() : mainsPower
}
