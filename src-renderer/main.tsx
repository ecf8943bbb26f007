// Renderer entry. Mounts the app once window.cio exists; a plain browser tab gets an explanation.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { getCio } from './api'
import { App } from './App'
import { NoBridge } from './components/NoBridge'
import './styles/theme.css'
import './styles/app.css'
import './styles/controls.css'
import './styles/forms.css'
import './styles/tables.css'
import './styles/data.css'
import './styles/grid.css'
import './styles/toolbar.css'
import './styles/mirror.css'
import './styles/sync.css'
import './styles/import-steps.css'
import './styles/import-review.css'
import './styles/changes.css'
import './styles/conflicts.css'
import './styles/messaging.css'
import './styles/audit.css'
import './styles/header.css'

const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root element')
const root = createRoot(container)

function mount(connected: boolean) {
  root.render(<StrictMode>{connected ? <App /> : <NoBridge />}</StrictMode>)
}

// The preload defines window.cio before any page script runs. The headless bridge is a script of
// its own that may finish a moment later, so wait briefly before concluding we are outside the app.
const WAIT_MS = 1500
const started = performance.now()
function waitForBridge() {
  if (getCio()) return mount(true)
  if (performance.now() - started >= WAIT_MS) return mount(false)
  setTimeout(waitForBridge, 50)
}
waitForBridge()
