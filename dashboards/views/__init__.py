"""Pages of the dashboards: the committee's and a branch's dashboards, the missing meetings
(`overview`), annual statistics and the branch's yearly record (`yearly`), star ratings
(`ratings`), with their exports; the portal's home page (`home`).

Who sees what (branches.access): the committee dashboard, its export and the star-rating
table compare branches, so they are for committee staff (and admins) only; everybody else
gets a 404. A branch dashboard, the missing meetings, the annual statistics, a rating and
the yearly record are for whoever manages the organisation (its leaders, the committee
above it); a member or another branch's secretary gets a 404. Confirming a rating is the
committee's (403 for the branch's leaders, who self-assess).
"""
