"""Device status model and the DeviceManager (DESIGN.md, Devices)."""
