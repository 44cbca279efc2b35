"""The unmodified DIRAC 9.1.22 client talks to the gateway: through FileCatalog (what DataManager uses),
FileCatalogClient (what CTADIRAC instantiates directly) and the raw TornadoClient."""
import gzip
import json

from conftest import HOST_DN, OTHER_HOST_DN, USER_DN

LFN = "/ctao/LSTN-01/DL0/2025/11/22/run001/file1.fits.fz"


def test_ping_through_raw_tornado_client_returns_dirac_service_info(gateway):
    value = gateway.call("ping", via="rpc").value
    assert value["name"] == "DataManagement/FileCatalog"
    assert value["URL"] == gateway.url
    assert "datetime" in value["time"], "time must arrive as a JEncoded datetime"
    for key in ("version", "service uptime", "service start time", "cpu times"):
        assert key in value


def test_ping_through_file_catalog_client(gateway):
    value = gateway.call("ping", via="client").value
    assert value["name"] == "DataManagement/FileCatalog"


def test_whoami_returns_dn_and_group_of_the_proxy(gateway):
    for via in ("rpc", "client"):
        value = gateway.call("whoami", via=via).value
        assert value["DN"] == USER_DN
        assert value["group"] == "ctao_user"
        assert value["isProxy"] is True
        assert value["username"] == "testuser"
        assert value["secondsLeft"] > 0


def test_proxy_without_group_gets_the_users_default_group(gateway, certs):
    value = gateway.call("whoami", via="rpc", X509_USER_PROXY=f"{certs}/user/proxy-nogroup.pem").value
    assert value["DN"] == USER_DN
    assert value["group"] == "ctao_user"


def test_second_level_proxy_keeps_the_user_identity(gateway, certs):
    value = gateway.call("whoami", via="rpc", X509_USER_PROXY=f"{certs}/user/proxy-level2.pem").value
    assert value["DN"] == USER_DN


def test_unimplemented_method_gives_dirac_not_implemented(gateway):
    # An admin method of the DFC that the gateway does not serve (dirac-surface.md §1.7).
    result = gateway.call("getCatalogCounters", via="client")
    assert not result.ok
    assert result.result["Errno"] == 38
    assert "getCatalogCounters is not implemented" in result.result["Message"]


def test_unimplemented_write_through_file_catalog_master_returns_not_implemented(gateway, production):
    result = gateway.call("createLink", {LFN + ".link": LFN}, **production)
    assert not result.ok
    assert result.result["Errno"] == 38
    assert "createLink is not implemented" in result.result["Message"]


def test_has_access_through_file_catalog_echoes_the_callers_keys(gateway):
    lfns = [LFN, "/ctao/LSTN-01/DL0"]
    value = gateway.call("hasAccess", lfns, "isFile").value
    assert value["Successful"] == {lfn: True for lfn in lfns}
    assert value["Failed"] == {}


def test_has_access_denies_writes_to_a_group_without_write_rights(gateway):
    value = gateway.call("hasAccess", [LFN], "addFile").value
    assert value["Successful"] == {LFN: False}


def test_raw_rpc_keys_are_echoed_unnormalised(gateway):
    spelled = "lfn:/ctao//LSTN-01/./DL0/"
    value = gateway.call("getPathPermissions", {spelled: True}, via="rpc").value
    assert value["Successful"] == {spelled: {"Read": True, "Write": False, "Execute": True}}


def test_invalid_argument_gets_dirac_einval(gateway):
    result = gateway.call("hasAccess", 42, "isFile", via="rpc")
    assert not result.ok
    assert result.result["Errno"] == 22
    assert "Utils.checkArgumentFormat" in result.result["Message"]


def test_untrusted_proxy_is_refused_at_tls(gateway, certs):
    result = gateway.call("whoami", via="rpc", X509_USER_PROXY=f"{certs}/other-ca/proxy.pem")
    assert not result.ok
    assert "CERTIFICATE" in result.result["Message"].upper() or "SSL" in result.result["Message"].upper()
    assert "refused" in gateway.log() or "TLS client refused" in gateway.log()


def test_expired_proxy_is_refused_at_tls(gateway, certs):
    result = gateway.call("whoami", via="rpc", X509_USER_PROXY=f"{certs}/bad/proxy-expired.pem")
    assert not result.ok
    assert result.result.get("Errno") != 38


def test_host_certificate_with_hosts_credentials_works(gateway):
    value = gateway.call("whoami", via="rpc", DIRAC_USE_SERVER_CERT="1").value
    assert value["DN"] == HOST_DN
    assert value["group"] == "hosts"
    assert "TrustedHost" in value["properties"]


def test_delegated_call_from_trusted_host_runs_as_the_user(gateway):
    value = gateway.call("whoami", via="rpc", DIRAC_USE_SERVER_CERT="1",
                         DIRAC_DELEGATED_DN=USER_DN, DIRAC_DELEGATED_GROUP="ctao_user").value
    assert value["DN"] == USER_DN
    assert value["group"] == "ctao_user"
    assert value["delegatedBy"] == HOST_DN


def test_delegated_call_from_untrusted_host_is_refused(gateway, certs):
    result = gateway.call("whoami", via="rpc", DIRAC_USE_SERVER_CERT="1",
                          DIRAC_HOST_CERT=f"{certs}/otherhost/hostcert.pem",
                          DIRAC_HOST_KEY=f"{certs}/otherhost/hostkey.pem",
                          DIRAC_DELEGATED_DN=USER_DN, DIRAC_DELEGATED_GROUP="ctao_user")
    assert not result.ok
    assert result.result["Errno"] == 13, result.result
    assert "No access to" in result.result["Message"]
    assert "not trusted" in gateway.log()


def test_untrusted_host_without_delegation_is_its_own_host_identity(gateway, certs):
    value = gateway.call("whoami", via="rpc", DIRAC_USE_SERVER_CERT="1",
                         DIRAC_HOST_CERT=f"{certs}/otherhost/hostcert.pem",
                         DIRAC_HOST_KEY=f"{certs}/otherhost/hostkey.pem").value
    assert value["DN"] == OTHER_HOST_DN
    assert value["properties"] == []


def test_missing_method_gets_a_readable_400(raw_post):
    response = raw_post("args=%5B%5D&clientVO=ctao&clientSetup=None")
    assert response.status_code == 400
    assert "Missing argument method" in response.text


def test_undecodable_args_get_a_readable_400(raw_post):
    response = raw_post("method=ping&args=%5Bnot-json&clientVO=ctao")
    assert response.status_code == 400
    assert "Cannot decode args" in response.text


def test_foreign_jencoded_class_is_refused_with_400(raw_post):
    args = json.dumps([{"__dCls": "Popen", "__dMod": "subprocess", "args": "true"}])
    response = raw_post({"method": "echo", "args": args})
    assert response.status_code == 400
    assert "refused" in response.text


def test_gzip_request_and_response_as_tornado_does(raw_post):
    body = gzip.compress(("method=echo&args=" + json.dumps([["x" * 40] * 100])).encode())
    response = raw_post(body, headers={"Content-Encoding": "gzip", "Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == "gzip"
    assert response.json() == {"OK": True, "Value": ["x" * 40] * 100}


def test_echo_round_trips_jencoded_types(raw_post):
    payload = [{"when": {"__dCls": "dt", "obj": "2025-01-02 03:04:05"},
                "day": {"__dCls": "date", "obj": "2025-01-02"},
                "raw": {"__dCls": "b64", "obj": "AAEC"}, "n": [1, 2.5, None, True]}]
    response = raw_post({"method": "echo", "args": json.dumps([payload])})
    assert response.status_code == 200
    assert response.json() == {"OK": True, "Value": payload}


def test_metrics_endpoint_counts_calls_by_method(gateway):
    import urllib.request

    gateway.call("ping", via="rpc")
    with urllib.request.urlopen(gateway.metrics_url, timeout=10) as response:
        text = response.read().decode()
    assert 'dirac_rpc_requests_total{method="ping",outcome="ok"}' in text


def test_get_on_the_rpc_route_is_405_as_tornado_answers(gateway):
    import requests

    session = requests.Session()
    session.trust_env = False
    response = session.get(gateway.url, cert=f"{gateway.certs}/user/proxy.pem",
                           verify=f"{gateway.certs}/certificates", timeout=30)
    assert response.status_code == 405
