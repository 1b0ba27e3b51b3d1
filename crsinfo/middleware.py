class PlainMethodNotAllowed:
    """Django's method decorators answer 405 with an empty body: add a short plain message."""

    MESSAGE = b"Method not allowed: this address accepts only the methods listed in the Allow header.\n"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            response.content = self.MESSAGE
            response["Content-Type"] = "text/plain; charset=utf-8"
        return response
