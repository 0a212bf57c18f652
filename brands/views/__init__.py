"""Pages of the brands app, by topic. Thin: fetch through the scoped queryset (outsiders
404), ask the rule before a change (may see but not change: 403), call the service, redirect.

brands/urls.py imports the modules: `brands` (list, form, detail, cluster), `certification`
(apply, return, certify, advance), `honours`, `results` (the results register) and
`rounds` (innovation-project rounds, projects and their cross review).
"""
