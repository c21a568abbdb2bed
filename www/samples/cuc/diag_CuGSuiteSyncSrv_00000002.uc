14:14:09.514 |3917,,,CuGSuiteSyncSrv,22,GSuiteServiceOpTh-40,com.cisco.unity.gsuite.auth.GSuiteCredentialProvider.init - using service account cuc-voicemail@loupe-demo.iam.gserviceaccount.com, key id 3b9f2c71d04e8a65f1c27b930d4e6a18c5f70b2e
14:14:10.118 |3917,,,CuGSuiteSyncSrv,22,GSuiteServiceOpTh-40,com.cisco.unity.gsuite.services.GSuiteActionItems.sendMessage - Try # 1 Google Api send message on gsuite
14:14:10.125 |3917,,,CuGSuiteSyncSrv,22,GSuiteServiceOpTh-40,com.cisco.unity.gsuite.auth.GSuiteCredentialProvider.getAccessToken - requesting token for user maria.lopez@northwind.example
14:14:10.126 |3917,,,CuGSuiteSyncSrv,22,GSuiteServiceOpTh-40,com.cisco.unity.gsuite.http.GSuiteHttpLogger.logRequest - POST https://oauth2.googleapis.com/token grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IjNiOWYyYzcxZDA0ZThhNjVmMWMyN2I5MzBkNGU2YTE4YzVmNzBiMmUifQ.eyJpc3MiOiJjdWMtdm9pY2VtYWlsQGxvdXBlLWRlbW8uaWFtLmdzZXJ2aWNlYWNjb3VudC5jb20iLCJzY29wZSI6Imh0dHBzOi8vbWFpbC5nb29nbGUuY29tLyBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL2dtYWlsLmxhYmVscyBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL2dtYWlsLm1vZGlmeSBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL2Nsb3VkLXBsYXRmb3JtIGh0dHBzOi8vd3d3Lmdvb2dsZWFwaXMuY29tL2F1dGgvcHVic3ViIGh0dHBzOi8vd3d3Lmdvb2dsZWFwaXMuY29tL2F1dGgvYWRtaW4uZGlyZWN0b3J5LnVzZXIgaHR0cHM6Ly93d3cuZ29vZ2xlYXBpcy5jb20vYXV0aC9hZG1pbi5kaXJlY3RvcnkuY3VzdG9tZXIucmVhZG9ubHkgaHR0cHM6Ly93d3cuZ29vZ2xlYXBpcy5jb20vYXV0aC9hZG1pbi5kaXJlY3Rvcnkucm9sZW1hbmFnZW1lbnQucmVhZG9ubHkgaHR0cHM6Ly93d3cuZ29vZ2xlYXBpcy5jb20vYXV0aC91c2VyaW5mby5lbWFpbCBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL21pZ3JhdGUuZGVwbG95bWVudC5pbnRlcm9wIGh0dHBzOi8vd3d3Lmdvb2dsZWFwaXMuY29tL2F1dGgvZ21haWwuc2V0dGluZ3MuYmFzaWMgaHR0cHM6Ly93d3cuZ29vZ2xlYXBpcy5jb20vYXV0aC9jYWxlbmRhciBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL2RyaXZlIiwiYXVkIjoiaHR0cHM6Ly9vYXV0aDIuZ29vZ2xlYXBpcy5jb20vdG9rZW4iLCJleHAiOjE3MTAyNTY0NTAsImlhdCI6MTcxMDI1Mjg1MCwic3ViIjoibWFyaWEubG9wZXpAbm9ydGh3aW5kLmV4YW1wbGUifQ.B2DybSz-N-r6ODXSgyC1ZqIfJrcZQtnjo8c9KaHzoSzqA4y1S0ZcYHOVECBsOVqMUOJtzCUe1KYvmaT2JGRY5roTJxGeGShYWc1FVEx-NqMzqEQ_RjZt86Z1QAekAVFwwYN6AeXC4-Fa7WEdp0BIi1DswbeeTptEOewRcicxcbobmePQqdSxB2EJ7uDDDjTxHp5MojJrmMG7XXGcypRwEkjTJSOJUtxuhF27z69kKmQo6FLpOIHRTmnSt4bak8VZT-SzbZqiGNdvEJ5TWLuKRJDu-k_cFByctaZjfehRYSwxyvrpy2bnPH0b6kYgICGpfPFesbxD_mm6hazkjwnQvQ
14:14:11.003 |3917,,,CuGSuiteSyncSrv,22,GSuiteServiceOpTh-40,com.cisco.unity.gsuite.http.GSuiteHttpLogger.logResponse - HTTP/1.1 400 Bad Request
Date: Tue, 12 Mar 2024 14:07:06 GMT
Content-Type: application/json; charset=utf-8
Server: scaffolding on HTTPServer2
Cache-Control: no-cache, no-store, max-age=0, must-revalidate
14:14:11.004 |3917,,,CuGSuiteSyncSrv,11,GSuiteServiceOpTh-40,com.google.api.client.auth.oauth2.TokenResponseException: 400 Bad Request
{
  "error" : "invalid_grant",
  "error_description" : "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values and use a clock with skew to account for clock differences between systems."
}
	at com.google.api.client.auth.oauth2.TokenResponseException.from(TokenResponseException.java:105)
	at com.google.api.client.auth.oauth2.TokenRequest.executeUnparsed(TokenRequest.java:287)
	at com.google.api.client.auth.oauth2.TokenRequest.execute(TokenRequest.java:307)
	at com.cisco.unity.gsuite.auth.GSuiteCredentialProvider.getAccessToken(GSuiteCredentialProvider.java:188)
14:14:11.005 |3917,,,CuGSuiteSyncSrv,11,CuGsuiteSyncPerfCountersTh-3,com.cisco.unity.gsuite.CuGsuiteSyncPerfCounters.incrementHttpsRqstError - Total Http Request Failed after update: 3541
14:14:11.011 |3917,,,CuGSuiteSyncSrv,11,GSuiteServiceOpTh-40,com.cisco.unity.gsuite.services.CxnResetSynchService.createNewMsgOnGSuite - 400 Bad Request
14:19:10.118 |3917,,,CuGSuiteSyncSrv,22,GSuiteServiceOpTh-41,com.cisco.unity.gsuite.services.GSuiteActionItems.sendMessage - Try # 1 Google Api send message on gsuite
14:19:10.125 |3917,,,CuGSuiteSyncSrv,22,GSuiteServiceOpTh-41,com.cisco.unity.gsuite.auth.GSuiteCredentialProvider.getAccessToken - requesting token for user tom.becker@northwind.example
14:19:10.126 |3917,,,CuGSuiteSyncSrv,22,GSuiteServiceOpTh-41,com.cisco.unity.gsuite.http.GSuiteHttpLogger.logRequest - POST https://oauth2.googleapis.com/token grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IjNiOWYyYzcxZDA0ZThhNjVmMWMyN2I5MzBkNGU2YTE4YzVmNzBiMmUifQ.eyJpc3MiOiJjdWMtdm9pY2VtYWlsQGxvdXBlLWRlbW8uaWFtLmdzZXJ2aWNlYWNjb3VudC5jb20iLCJzY29wZSI6Imh0dHBzOi8vbWFpbC5nb29nbGUuY29tLyBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL2dtYWlsLmxhYmVscyBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL2dtYWlsLm1vZGlmeSBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL2Nsb3VkLXBsYXRmb3JtIGh0dHBzOi8vd3d3Lmdvb2dsZWFwaXMuY29tL2F1dGgvcHVic3ViIGh0dHBzOi8vd3d3Lmdvb2dsZWFwaXMuY29tL2F1dGgvYWRtaW4uZGlyZWN0b3J5LnVzZXIgaHR0cHM6Ly93d3cuZ29vZ2xlYXBpcy5jb20vYXV0aC9hZG1pbi5kaXJlY3RvcnkuY3VzdG9tZXIucmVhZG9ubHkgaHR0cHM6Ly93d3cuZ29vZ2xlYXBpcy5jb20vYXV0aC9hZG1pbi5kaXJlY3Rvcnkucm9sZW1hbmFnZW1lbnQucmVhZG9ubHkgaHR0cHM6Ly93d3cuZ29vZ2xlYXBpcy5jb20vYXV0aC91c2VyaW5mby5lbWFpbCBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL21pZ3JhdGUuZGVwbG95bWVudC5pbnRlcm9wIGh0dHBzOi8vd3d3Lmdvb2dsZWFwaXMuY29tL2F1dGgvZ21haWwuc2V0dGluZ3MuYmFzaWMgaHR0cHM6Ly93d3cuZ29vZ2xlYXBpcy5jb20vYXV0aC9jYWxlbmRhciBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL2RyaXZlIiwiYXVkIjoiaHR0cHM6Ly9vYXV0aDIuZ29vZ2xlYXBpcy5jb20vdG9rZW4iLCJleHAiOjE3MTAyNTY3NTAsImlhdCI6MTcxMDI1MzE1MCwic3ViIjoidG9tLmJlY2tlckBub3J0aHdpbmQuZXhhbXBsZSJ9.Be8HO4ZW6NZYDiR8Nr1yiknq6ORsA0clhs8sBqh3Wo3cxxGF-WfZ34CtYV7Z4NxNdlx0BGFbybSfmrji57rPUDefuuxuon5hfUMsrDMVxnW2MXaoOCY2hV3-R1wvArZzCSObMPv6uQecpYShMlr4PKWZG5kslEndXoA_kjFyzfZP0lhm4FMAtn8IEydiXM2NRY0VhlHXlDCQiN9Rn20omGCg-CJ_z3XYkNklAjQ3b9ediY0UMoo2dN_aNuK-KwOwo-mGx30xvT7MjbqMUU173elGL6eEIJZVQ3XIrpgbMRsZ10agfod1L11_tGN5cBe6taQssjeoAbJA2Bn7gC03Ow
14:19:11.003 |3917,,,CuGSuiteSyncSrv,22,GSuiteServiceOpTh-41,com.cisco.unity.gsuite.http.GSuiteHttpLogger.logResponse - HTTP/1.1 400 Bad Request
Date: Tue, 12 Mar 2024 14:12:06 GMT
Content-Type: application/json; charset=utf-8
Server: scaffolding on HTTPServer2
Cache-Control: no-cache, no-store, max-age=0, must-revalidate
14:19:11.004 |3917,,,CuGSuiteSyncSrv,11,GSuiteServiceOpTh-41,com.google.api.client.auth.oauth2.TokenResponseException: 400 Bad Request
{
  "error" : "invalid_grant",
  "error_description" : "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values and use a clock with skew to account for clock differences between systems."
}
	at com.google.api.client.auth.oauth2.TokenResponseException.from(TokenResponseException.java:105)
	at com.google.api.client.auth.oauth2.TokenRequest.executeUnparsed(TokenRequest.java:287)
	at com.google.api.client.auth.oauth2.TokenRequest.execute(TokenRequest.java:307)
	at com.cisco.unity.gsuite.auth.GSuiteCredentialProvider.getAccessToken(GSuiteCredentialProvider.java:188)
14:19:11.005 |3917,,,CuGSuiteSyncSrv,11,CuGsuiteSyncPerfCountersTh-3,com.cisco.unity.gsuite.CuGsuiteSyncPerfCounters.incrementHttpsRqstError - Total Http Request Failed after update: 3542
14:19:11.011 |3917,,,CuGSuiteSyncSrv,11,GSuiteServiceOpTh-41,com.cisco.unity.gsuite.services.CxnResetSynchService.createNewMsgOnGSuite - 400 Bad Request
14:24:10.118 |3917,,,CuGSuiteSyncSrv,22,GSuiteServiceOpTh-42,com.cisco.unity.gsuite.services.GSuiteActionItems.sendMessage - Try # 2 Google Api send message on gsuite
14:24:10.125 |3917,,,CuGSuiteSyncSrv,22,GSuiteServiceOpTh-42,com.cisco.unity.gsuite.auth.GSuiteCredentialProvider.getAccessToken - requesting token for user maria.lopez@northwind.example
14:24:10.126 |3917,,,CuGSuiteSyncSrv,22,GSuiteServiceOpTh-42,com.cisco.unity.gsuite.http.GSuiteHttpLogger.logRequest - POST https://oauth2.googleapis.com/token grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IjNiOWYyYzcxZDA0ZThhNjVmMWMyN2I5MzBkNGU2YTE4YzVmNzBiMmUifQ.eyJpc3MiOiJjdWMtdm9pY2VtYWlsQGxvdXBlLWRlbW8uaWFtLmdzZXJ2aWNlYWNjb3VudC5jb20iLCJzY29wZSI6Imh0dHBzOi8vbWFpbC5nb29nbGUuY29tLyBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL2dtYWlsLmxhYmVscyBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL2dtYWlsLm1vZGlmeSBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL2Nsb3VkLXBsYXRmb3JtIGh0dHBzOi8vd3d3Lmdvb2dsZWFwaXMuY29tL2F1dGgvcHVic3ViIGh0dHBzOi8vd3d3Lmdvb2dsZWFwaXMuY29tL2F1dGgvYWRtaW4uZGlyZWN0b3J5LnVzZXIgaHR0cHM6Ly93d3cuZ29vZ2xlYXBpcy5jb20vYXV0aC9hZG1pbi5kaXJlY3RvcnkuY3VzdG9tZXIucmVhZG9ubHkgaHR0cHM6Ly93d3cuZ29vZ2xlYXBpcy5jb20vYXV0aC9hZG1pbi5kaXJlY3Rvcnkucm9sZW1hbmFnZW1lbnQucmVhZG9ubHkgaHR0cHM6Ly93d3cuZ29vZ2xlYXBpcy5jb20vYXV0aC91c2VyaW5mby5lbWFpbCBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL21pZ3JhdGUuZGVwbG95bWVudC5pbnRlcm9wIGh0dHBzOi8vd3d3Lmdvb2dsZWFwaXMuY29tL2F1dGgvZ21haWwuc2V0dGluZ3MuYmFzaWMgaHR0cHM6Ly93d3cuZ29vZ2xlYXBpcy5jb20vYXV0aC9jYWxlbmRhciBodHRwczovL3d3dy5nb29nbGVhcGlzLmNvbS9hdXRoL2RyaXZlIiwiYXVkIjoiaHR0cHM6Ly9vYXV0aDIuZ29vZ2xlYXBpcy5jb20vdG9rZW4iLCJleHAiOjE3MTAyNTcwNTAsImlhdCI6MTcxMDI1MzQ1MCwic3ViIjoibWFyaWEubG9wZXpAbm9ydGh3aW5kLmV4YW1wbGUifQ.PjMl-NmBVlJTVcvjhUPz9Qx1KdT__0iLAsaOu5BLRDykSi7ZsFOu_QbRcDJs7ynEu1R0QgrNMbC_Rqq0Or35yT6opSJCUbrJrKRWSxbLKrSWCm-Ti0vKITsucvY-DHIYKL0Mn6c0zZ62Qbr1SXepYitbw9VnDivowWBaPFrT7RPU3JTIhK70541Zf7u7iRVZIPGuj1LessSJ6JvcJVXS2N8GQME0kPSemJQY-kTZOB73YPNY6-EaAzAKsRjWmwVvtFMRz584F2aJHOMB5SVFFvXfY3mmG7Xzj0zt3SXSBD09m9QTyCIEq3Aw8TRdW-OHHgCmAvIjs8wgwqOy4Ps0FQ
14:24:11.003 |3917,,,CuGSuiteSyncSrv,22,GSuiteServiceOpTh-42,com.cisco.unity.gsuite.http.GSuiteHttpLogger.logResponse - HTTP/1.1 400 Bad Request
Date: Tue, 12 Mar 2024 14:17:06 GMT
Content-Type: application/json; charset=utf-8
Server: scaffolding on HTTPServer2
Cache-Control: no-cache, no-store, max-age=0, must-revalidate
14:24:11.004 |3917,,,CuGSuiteSyncSrv,11,GSuiteServiceOpTh-42,com.google.api.client.auth.oauth2.TokenResponseException: 400 Bad Request
{
  "error" : "invalid_grant",
  "error_description" : "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values and use a clock with skew to account for clock differences between systems."
}
	at com.google.api.client.auth.oauth2.TokenResponseException.from(TokenResponseException.java:105)
	at com.google.api.client.auth.oauth2.TokenRequest.executeUnparsed(TokenRequest.java:287)
	at com.google.api.client.auth.oauth2.TokenRequest.execute(TokenRequest.java:307)
	at com.cisco.unity.gsuite.auth.GSuiteCredentialProvider.getAccessToken(GSuiteCredentialProvider.java:188)
14:24:11.005 |3917,,,CuGSuiteSyncSrv,11,CuGsuiteSyncPerfCountersTh-3,com.cisco.unity.gsuite.CuGsuiteSyncPerfCounters.incrementHttpsRqstError - Total Http Request Failed after update: 3543
14:24:11.011 |3917,,,CuGSuiteSyncSrv,11,GSuiteServiceOpTh-42,com.cisco.unity.gsuite.services.CxnResetSynchService.createNewMsgOnGSuite - 400 Bad Request
