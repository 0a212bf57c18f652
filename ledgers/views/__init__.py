"""Pages of the ledgers app, by topic: `lists`, `tasks`, `assessments` (the committee's
table and the monthly assessment) and `reports` (record book, annual reports).

Objects come through the scoped querysets (`ResponsibilityList.objects.visible_to`,
`Task.objects.visible_to`, `Organisation.objects.visible_to`): an outsider gets 404; a
user who may see but not change gets 403. Committee pages are 404 for everyone else.
"""
