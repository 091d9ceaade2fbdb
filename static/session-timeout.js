// The GOV.UK timeout warning, for signed-in pages (see the <dialog> in base.html).
//
// The server ends a sign-in after SESSION_IDLE_MINUTES without a request, whatever this
// script does. Before that happens, this opens a modal dialog ("You're about to be signed
// out") with a countdown and a "Stay signed in" button, which restarts the server's idle
// clock. Other tabs may have kept the sign-in alive, so the server's own count is asked for
// (GET /session, which does not restart the clock) before warning and before leaving.
// Escape means "stay signed in", as in HMRC's timeout dialog.

const dialog = document.querySelector('[data-module="app-session-timeout"]')

if (dialog && typeof dialog.showModal === 'function') {
  const idleSeconds = Number(dialog.dataset.idleSeconds)
  const warningSeconds = Number(dialog.dataset.warningSeconds)
  const countdown = dialog.querySelector('.app-timeout-dialog__countdown')
  const spoken = dialog.querySelector('.app-timeout-dialog__spoken')
  const live = dialog.querySelector('.app-timeout-dialog__live')
  const stay = dialog.querySelector('.app-timeout-dialog__stay')
  let timer = null
  let endsAt = 0
  let lastSpoken = ''
  let returnFocusTo = null

  const words = (seconds) => {
    if (seconds > 60) {
      const minutes = Math.ceil(seconds / 60)
      return `${minutes} minutes`
    }
    if (seconds === 60) return '1 minute'
    return `${seconds} second${seconds === 1 ? '' : 's'}`
  }

  // Screen readers hear the time left every 15 seconds in the last minute and once a
  // minute before that, not every second.
  const spokenWords = (seconds) => {
    if (seconds > 60) return words(seconds)
    return words(Math.max(15, Math.ceil(seconds / 15) * 15))
  }

  const schedule = (seconds, task) => {
    window.clearTimeout(timer)
    timer = window.setTimeout(task, Math.max(0, seconds) * 1000)
  }

  const serverSays = async () => {
    const answer = await window.fetch(dialog.dataset.statusUrl, {
      headers: { Accept: 'application/json' },
      cache: 'no-store'
    })
    if (!answer.ok) throw new Error(`session status ${answer.status}`)
    return answer.json()
  }

  const leave = () => {
    const here = window.location.pathname + window.location.search
    window.location.assign(`${dialog.dataset.signedOutUrl}?next=${encodeURIComponent(here)}`)
  }

  const close = () => {
    if (dialog.open) dialog.close()
    if (returnFocusTo && document.contains(returnFocusTo)) returnFocusTo.focus()
    returnFocusTo = null
  }

  const tick = () => {
    const left = Math.max(0, Math.round((endsAt - Date.now()) / 1000))
    countdown.textContent = words(left)
    spoken.textContent = spokenWords(left)
    const phrase = `We will sign you out in ${spokenWords(left)}.`
    if (phrase !== lastSpoken) {
      live.textContent = phrase
      lastSpoken = phrase
    }
    if (left <= 0) {
      check()
    } else {
      schedule(1, tick)
    }
  }

  const warn = (secondsLeft) => {
    endsAt = Date.now() + secondsLeft * 1000
    if (!dialog.open) {
      returnFocusTo = document.activeElement
      lastSpoken = ''
      dialog.showModal()
      dialog.focus()
    }
    tick()
  }

  // Ask the server how long is left, then warn, wait, or leave.
  async function check () {
    let status
    try {
      status = await serverSays()
    } catch (error) {
      // Unknown: count down from what this page last knew; the server decides anyway.
      if (endsAt && Date.now() >= endsAt) return leave()
      return warn(endsAt ? Math.round((endsAt - Date.now()) / 1000) : warningSeconds)
    }
    if (!status.signed_in || status.seconds_left <= 0) return leave()
    if (status.seconds_left > warningSeconds) {
      close()
      endsAt = 0
      return schedule(status.seconds_left - warningSeconds, check)
    }
    warn(status.seconds_left)
  }

  const staySignedIn = async () => {
    stay.disabled = true
    try {
      const answer = await window.fetch(dialog.dataset.extendUrl, {
        method: 'POST',
        headers: { Accept: 'application/json', 'X-CSRFToken': dialog.dataset.csrfToken },
        cache: 'no-store'
      })
      if (answer.status === 401) return leave()
      const status = await answer.json()
      close()
      endsAt = 0
      schedule(status.seconds_left - warningSeconds, check)
    } catch (error) {
      check()
    } finally {
      stay.disabled = false
    }
  }

  stay.addEventListener('click', staySignedIn)
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault()
    staySignedIn()
  })
  // Timers are slowed in background tabs and stop while a laptop sleeps: look again.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check()
  })
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) check()
  })

  schedule(idleSeconds - warningSeconds, check)
}
