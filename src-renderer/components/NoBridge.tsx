// Shown when the page is opened outside cio-sync (a plain browser tab): window.cio does not exist.
export function NoBridge() {
  return (
    <main className="nobridge" role="alert" aria-labelledby="nobridge-title">
      <h1 id="nobridge-title">cio-sync is not connected</h1>
      <p>
        This page is the user interface of the cio-sync desktop app. It was opened without the app’s
        engine, so it cannot read or change any workspace.
      </p>
      <p>What to do next:</p>
      <ul>
        <li>
          Open cio-sync from your applications menu or tray, or run <code>npm start</code>.
        </li>
        <li>
          Without a desktop, run <code>npx cio-sync serve</code> and open the exact URL it prints
          (it contains a one-time token).
        </li>
      </ul>
    </main>
  )
}
