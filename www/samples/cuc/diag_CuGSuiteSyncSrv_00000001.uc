08:41:29.870 |3917,,,CuGSuiteSyncSrv,22,GSuiteServiceOpTh-12,com.cisco.unity.gsuite.auth.GSuiteCredentialProvider.init - using service account cuc-voicemail@loupe-demo.iam.gserviceaccount.com, key id a7c41e09b3d25f8e6a0c94b17d3e28f5c6b91a04
08:41:30.118 |3917,,,CuGSuiteSyncSrv,22,GSuiteServiceOpTh-12,com.cisco.unity.gsuite.services.GSuiteActionItems.sendMessage - Try # 1 Google Api send message on gsuite
08:41:30.125 |3917,,,CuGSuiteSyncSrv,22,GSuiteServiceOpTh-12,com.cisco.unity.gsuite.auth.GSuiteCredentialProvider.getAccessToken - requesting token for user maria.lopez@northwind.example
08:41:30.126 |3917,,,CuGSuiteSyncSrv,22,GSuiteServiceOpTh-12,com.cisco.unity.gsuite.http.GSuiteHttpLogger.logRequest - POST https://oauth2.googleapis.com/token grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImE3YzQxZTA5YjNkMjVmOGU2YTBjOTRiMTdkM2UyOGY1YzZiOTFhMDQifQ.eyJpc3MiOiJjdWMtdm9pY2VtYWlsQGxvdXBlLWRlbW8uaWFtLmdzZXJ2aWNlYWNjb3VudC5jb20iLCJzY29wZSI6Imh0dHBzOi8vbWFpbC5nb29nbGUuY29tLyBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL2dtYWlsLmxhYmVscyBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL2dtYWlsLm1vZGlmeSBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL2Nsb3VkLXBsYXRmb3JtIGh0dHBzOi8vd3d3Lmdvb2dsZWFwaXMuY29tL2F1dGgvcHVic3ViIGh0dHBzOi8vd3d3Lmdvb2dsZWFwaXMuY29tL2F1dGgvYWRtaW4uZGlyZWN0b3J5LnVzZXIgaHR0cHM6Ly93d3cuZ29vZ2xlYXBpcy5jb20vYXV0aC9hZG1pbi5kaXJlY3RvcnkuY3VzdG9tZXIucmVhZG9ubHkgaHR0cHM6Ly93d3cuZ29vZ2xlYXBpcy5jb20vYXV0aC9hZG1pbi5kaXJlY3Rvcnkucm9sZW1hbmFnZW1lbnQucmVhZG9ubHkgaHR0cHM6Ly93d3cuZ29vZ2xlYXBpcy5jb20vYXV0aC91c2VyaW5mby5lbWFpbCBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL21pZ3JhdGUuZGVwbG95bWVudC5pbnRlcm9wIGh0dHBzOi8vd3d3Lmdvb2dsZWFwaXMuY29tL2F1dGgvZ21haWwuc2V0dGluZ3MuYmFzaWMgaHR0cHM6Ly93d3cuZ29vZ2xlYXBpcy5jb20vYXV0aC9jYWxlbmRhciBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL2RyaXZlIiwiYXVkIjoiaHR0cHM6Ly9vYXV0aDIuZ29vZ2xlYXBpcy5jb20vdG9rZW4iLCJleHAiOjE3MTAyMzY0OTAsImlhdCI6MTcxMDIzMjg5MCwic3ViIjoibWFyaWEubG9wZXpAbm9ydGh3aW5kLmV4YW1wbGUifQ.UdV8q1IiBzPwq1eLRikCGblZ0RhRxHEFPlZef8ZTzKdVyCeAzlS92Th89Q44p1hvpOCv0Lk7n5bWrUv4zcTIarJVj097fqlK14MbvYxg8pv48R9SbrLoF6iO845ciuqmsHF-mAlt_bL6LqAVueJu9J7CUVUjbum-dGhUsObpRZ3HOUqIXIMpguo-pSbi8feRBa0lExLxRiCLBd9JQhDvy6OdgUnyKXhBRL2ybhouvW6Uo-blJHeeTqlyoj3Tfw5GCZLhTKrjCJ-PwYSS7Nbl-XgcxRVvvbrIz6XqIfJbPJk2zSqLCrvXFl31NrvDrDpnfRE77dtPaD1IUhj-BQh8JA
08:41:31.003 |3917,,,CuGSuiteSyncSrv,22,GSuiteServiceOpTh-12,com.cisco.unity.gsuite.http.GSuiteHttpLogger.logResponse - HTTP/1.1 400 Bad Request
Date: Tue, 12 Mar 2024 08:41:31 GMT
Content-Type: application/json; charset=utf-8
Server: scaffolding on HTTPServer2
Cache-Control: no-cache, no-store, max-age=0, must-revalidate
08:41:31.004 |3917,,,CuGSuiteSyncSrv,11,GSuiteServiceOpTh-12,com.google.api.client.auth.oauth2.TokenResponseException: 400 Bad Request
{
  "error" : "invalid_grant",
  "error_description" : "Invalid JWT Signature."
}
	at com.google.api.client.auth.oauth2.TokenResponseException.from(TokenResponseException.java:105)
	at com.google.api.client.auth.oauth2.TokenRequest.executeUnparsed(TokenRequest.java:287)
	at com.google.api.client.auth.oauth2.TokenRequest.execute(TokenRequest.java:307)
	at com.cisco.unity.gsuite.auth.GSuiteCredentialProvider.getAccessToken(GSuiteCredentialProvider.java:188)
08:41:31.005 |3917,,,CuGSuiteSyncSrv,11,CuGsuiteSyncPerfCountersTh-3,com.cisco.unity.gsuite.CuGsuiteSyncPerfCounters.incrementHttpsRqstError - Total Http Request Failed after update: 3311
08:41:31.011 |3917,,,CuGSuiteSyncSrv,11,GSuiteServiceOpTh-12,com.cisco.unity.gsuite.services.CxnResetSynchService.createNewMsgOnGSuite - 400 Bad Request
08:46:30.118 |3917,,,CuGSuiteSyncSrv,22,GSuiteServiceOpTh-13,com.cisco.unity.gsuite.services.GSuiteActionItems.sendMessage - Try # 2 Google Api send message on gsuite
08:46:30.125 |3917,,,CuGSuiteSyncSrv,22,GSuiteServiceOpTh-13,com.cisco.unity.gsuite.auth.GSuiteCredentialProvider.getAccessToken - requesting token for user maria.lopez@northwind.example
08:46:30.126 |3917,,,CuGSuiteSyncSrv,22,GSuiteServiceOpTh-13,com.cisco.unity.gsuite.http.GSuiteHttpLogger.logRequest - POST https://oauth2.googleapis.com/token grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImE3YzQxZTA5YjNkMjVmOGU2YTBjOTRiMTdkM2UyOGY1YzZiOTFhMDQifQ.eyJpc3MiOiJjdWMtdm9pY2VtYWlsQGxvdXBlLWRlbW8uaWFtLmdzZXJ2aWNlYWNjb3VudC5jb20iLCJzY29wZSI6Imh0dHBzOi8vbWFpbC5nb29nbGUuY29tLyBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL2dtYWlsLmxhYmVscyBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL2dtYWlsLm1vZGlmeSBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL2Nsb3VkLXBsYXRmb3JtIGh0dHBzOi8vd3d3Lmdvb2dsZWFwaXMuY29tL2F1dGgvcHVic3ViIGh0dHBzOi8vd3d3Lmdvb2dsZWFwaXMuY29tL2F1dGgvYWRtaW4uZGlyZWN0b3J5LnVzZXIgaHR0cHM6Ly93d3cuZ29vZ2xlYXBpcy5jb20vYXV0aC9hZG1pbi5kaXJlY3RvcnkuY3VzdG9tZXIucmVhZG9ubHkgaHR0cHM6Ly93d3cuZ29vZ2xlYXBpcy5jb20vYXV0aC9hZG1pbi5kaXJlY3Rvcnkucm9sZW1hbmFnZW1lbnQucmVhZG9ubHkgaHR0cHM6Ly93d3cuZ29vZ2xlYXBpcy5jb20vYXV0aC91c2VyaW5mby5lbWFpbCBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL21pZ3JhdGUuZGVwbG95bWVudC5pbnRlcm9wIGh0dHBzOi8vd3d3Lmdvb2dsZWFwaXMuY29tL2F1dGgvZ21haWwuc2V0dGluZ3MuYmFzaWMgaHR0cHM6Ly93d3cuZ29vZ2xlYXBpcy5jb20vYXV0aC9jYWxlbmRhciBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL2RyaXZlIiwiYXVkIjoiaHR0cHM6Ly9vYXV0aDIuZ29vZ2xlYXBpcy5jb20vdG9rZW4iLCJleHAiOjE3MTAyMzY3OTAsImlhdCI6MTcxMDIzMzE5MCwic3ViIjoibWFyaWEubG9wZXpAbm9ydGh3aW5kLmV4YW1wbGUifQ.NlHBrOJ_F7oZ6cD3fo6Z5xge2CG7WRGN2vVHZvgn27SqvYXi1XPrbNp_onqIoSaUB-t_dKyDIy_uPf9gmfOipCSN7X6I7PD4lKCTtZVlJHFCqwoPJ5-Ga948_kuiAk0o3KpCdSDeiph9Dn4u-2BcWL1lYfpXsC4MVSCHNXqchT9G7jauSs5d_bm4zlQC1pAiqakyO3PnRdFil1AxAMdOIJePTB83wfeISwj2GpG7neraXaGW8mG49ZiuO_9JMYIrueLD1gdr6mauGwHI_lnmXp09UlCTplmu-VbSXfWL5WBbwmsLW1D-_dFrzlOgiWLsqWYAQqE9uo8eYYJN1d50Qg
08:46:31.003 |3917,,,CuGSuiteSyncSrv,22,GSuiteServiceOpTh-13,com.cisco.unity.gsuite.http.GSuiteHttpLogger.logResponse - HTTP/1.1 400 Bad Request
Date: Tue, 12 Mar 2024 08:46:31 GMT
Content-Type: application/json; charset=utf-8
Server: scaffolding on HTTPServer2
Cache-Control: no-cache, no-store, max-age=0, must-revalidate
08:46:31.004 |3917,,,CuGSuiteSyncSrv,11,GSuiteServiceOpTh-13,com.google.api.client.auth.oauth2.TokenResponseException: 400 Bad Request
{
  "error" : "invalid_grant",
  "error_description" : "Invalid JWT Signature."
}
	at com.google.api.client.auth.oauth2.TokenResponseException.from(TokenResponseException.java:105)
	at com.google.api.client.auth.oauth2.TokenRequest.executeUnparsed(TokenRequest.java:287)
	at com.google.api.client.auth.oauth2.TokenRequest.execute(TokenRequest.java:307)
	at com.cisco.unity.gsuite.auth.GSuiteCredentialProvider.getAccessToken(GSuiteCredentialProvider.java:188)
08:46:31.005 |3917,,,CuGSuiteSyncSrv,11,CuGsuiteSyncPerfCountersTh-3,com.cisco.unity.gsuite.CuGsuiteSyncPerfCounters.incrementHttpsRqstError - Total Http Request Failed after update: 3312
08:46:31.011 |3917,,,CuGSuiteSyncSrv,11,GSuiteServiceOpTh-13,com.cisco.unity.gsuite.services.CxnResetSynchService.createNewMsgOnGSuite - 400 Bad Request
08:51:30.002 |3917,,,CuGSuiteSyncSrv,22,GSuiteServiceOpTh-14,com.cisco.unity.gsuite.services.GSuiteWatchService.renewWatch - watch renewal skipped, no valid token
