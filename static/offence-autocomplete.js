// Progressive enhancement for OGRS4 forms: above each
// <input data-module="app-offence-autocomplete"> (the Home Office offence code box) it adds a
// type-ahead over the offences' descriptions (GOV.UK's accessible autocomplete, loaded just
// before this file). Choosing an offence fills in its code and shows the OGRS4 category it
// maps to. Without JavaScript the officer types the code itself; the server checks it.
//
// The input names its search URL (data-source, GET ?q=words, answering
// [{code, description, category_label}]) and the element that shows the category
// (data-category).

(function () {
  'use strict'

  var library = window.accessibleAutocomplete
  if (!library || !window.fetch || !document.querySelectorAll) return

  function escapeHtml (text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]
    })
  }

  function search (url, query) {
    return window.fetch(url + '?q=' + encodeURIComponent(query), {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin'
    }).then(function (response) {
      return response.ok ? response.json() : []
    }).catch(function () { return [] })
  }

  function showCategory (element, offence, code) {
    if (!element) return
    element.textContent = ''
    if (offence) {
      element.appendChild(document.createTextNode(offence.code + ': ' + offence.description + '. OGRS4 category: '))
      var strong = document.createElement('strong')
      strong.textContent = offence.category_label
      element.appendChild(strong)
    } else if (code) {
      element.textContent = 'No scoreable offence has the code ' + code + ': check it, or choose the offence by its description.'
    }
  }

  function searchBox (codeInput) {
    var id = codeInput.id + '-search'
    var group = document.createElement('div')
    group.className = 'govuk-form-group'
    var label = document.createElement('label')
    label.className = 'govuk-label'
    label.htmlFor = id
    label.textContent = 'Offence: type words of its description'
    var hint = document.createElement('div')
    hint.className = 'govuk-hint'
    hint.id = id + '-hint'
    hint.textContent = 'For example "shoplifting" or "assault emergency worker". Choosing an offence fills in its code below.'
    var container = document.createElement('div')
    group.appendChild(label)
    group.appendChild(hint)
    group.appendChild(container)
    var codeGroup = codeInput.closest('.govuk-form-group') || codeInput
    codeGroup.parentNode.insertBefore(group, codeGroup)
    return { id: id, container: container, hint: hint }
  }

  function enhance (codeInput) {
    var url = codeInput.getAttribute('data-source')
    var category = document.getElementById(codeInput.getAttribute('data-category'))
    var box = searchBox(codeInput)
    var latest = 0
    var timer = null
    var searching = false

    library({
      element: box.container,
      id: box.id,
      minLength: 2,
      showNoOptionsFound: true,
      source: function (query, populate) {
        var ticket = ++latest
        searching = true
        window.clearTimeout(timer)
        timer = window.setTimeout(function () {
          search(url, query).then(function (found) {
            if (ticket !== latest) return
            searching = false
            populate(found)
          })
        }, 150)
      },
      templates: {
        inputValue: function (offence) { return offence ? offence.description : '' },
        suggestion: function (offence) {
          if (typeof offence === 'string') return escapeHtml(offence)
          return escapeHtml(offence.description) + ' <span class="app-offence-suggestion">' +
            escapeHtml(offence.code + ', ' + offence.category_label) + '</span>'
        }
      },
      // Until the answer comes the library shows its "no results" line: say it is searching
      tNoResults: function () {
        return searching ? 'Searching…' : 'No scoreable offence has those words: try other words'
      },
      onConfirm: function (offence) {
        if (!offence) return
        codeInput.value = offence.code
        showCategory(category, offence)
      }
    })

    var input = document.getElementById(box.id)
    if (input) input.setAttribute('aria-describedby', box.hint.id)

    // A code typed by hand: show the category it maps to, or say it has none
    codeInput.addEventListener('change', function () {
      var code = codeInput.value.trim()
      if (!/^[0-9]{5}$/.test(code)) return showCategory(category, null, code)
      search(url, code).then(function (found) {
        var exact = found.filter(function (offence) { return offence.code === code })[0]
        showCategory(category, exact, code)
      })
    })
  }

  var inputs = document.querySelectorAll('input[data-module="app-offence-autocomplete"]')
  for (var i = 0; i < inputs.length; i++) enhance(inputs[i])
})()
