import AttainmentStore
import Testing
