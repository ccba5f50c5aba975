"""Video teller (VTM): signaling with the back office's VTM service, the WebRTC call (aiortc),
and the commands a remote teller may send through the call's data channel."""
