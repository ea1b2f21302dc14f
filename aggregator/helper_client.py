"""The leader's calls to the helper, over HTTP(S), with the leader–helper token.

Three calls: the helper's HPKE configuration (public), a batch of reports to
verify and aggregate, and a department's month to collect. Any failure to
reach the helper, or an answer that is not what the contract says, is a
``HelperUnavailable`` or ``HelperRefused``: the caller keeps its reports and
tries again later, so a helper that is down delays, never loses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from contract.split.hpke import HpkeConfig

TIMEOUT = httpx.Timeout(30.0, connect=5.0)


class HelperUnavailable(Exception):
    """The helper cannot be reached or answered nonsense; try again later."""


class HelperRefused(Exception):
    """The helper answered, and refused (``status``): the message is its reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class HelperClient:
    def __init__(self, url: str, token: str, transport: httpx.BaseTransport | None = None) -> None:
        self.url = url.rstrip("/")
        self._client = httpx.Client(
            timeout=TIMEOUT,
            headers={"Authorization": f"Bearer {token}"},
            transport=transport,
            follow_redirects=False,
        )

    def close(self) -> None:
        self._client.close()

    def _call(self, method: str, path: str, body: object | None = None) -> Any:
        try:
            response = self._client.request(method, self.url + path, json=body)
        except httpx.HTTPError as error:
            raise HelperUnavailable(
                f"the helper at {self.url} cannot be reached: {error}"
            ) from None
        if response.status_code >= 500:
            raise HelperUnavailable(f"the helper answered {response.status_code}")
        try:
            answer = response.json()
        except ValueError:
            raise HelperUnavailable(
                f"the helper answered {response.status_code}, not JSON"
            ) from None
        if response.status_code >= 400:
            detail = answer.get("detail") if isinstance(answer, dict) else None
            raise HelperRefused(response.status_code, str(detail or response.status_code)[:300])
        return answer

    def hpke_config(self) -> HpkeConfig:
        try:
            return HpkeConfig.from_json(self._call("GET", "/api/v1/hpke-config"))
        except ValueError as error:
            raise HelperUnavailable(
                f"the helper's HPKE configuration is not valid: {error}"
            ) from None
        except HelperRefused as error:
            raise HelperUnavailable(f"the helper refused its HPKE configuration: {error}") from None

    def aggregate(self, reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
        answer = self._call("POST", "/api/v1/helper/aggregate", {"reports": reports})
        results = answer.get("results") if isinstance(answer, dict) else None
        if not isinstance(results, list) or len(results) != len(reports):
            raise HelperUnavailable("the helper's verdicts do not match the batch sent")
        return results

    def collect(
        self, department: str, month: str, counts: Mapping[str, Mapping[str, int]]
    ) -> dict[str, Any]:
        body = {"department": department, "month": month, "reports": counts}
        answer = self._call("POST", "/api/v1/helper/collect", body)
        if not isinstance(answer, dict):
            raise HelperUnavailable("the helper's collection is not a JSON object")
        return answer
