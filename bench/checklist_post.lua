-- wrk script: the checklist's htmx POST (an answer fragment), as a reader's browser sends it.
wrk.method = "POST"
wrk.body = "symptoms=confusion&symptoms=headache&worse=no&duration=1-3-days&treatment=recent&medicine=no&temperature=101.3&unit=F"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["HX-Request"] = "true"
