// The rejected-rows CSV leaves the app only as a download: the engine writes it with formula cells
// neutralised for spreadsheets, so it is never read back into the report's grid (the grid asks for
// the untouched cells: imports.rejectedrows).

/** Offers text as a file download (the Blob never leaves this window). */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
