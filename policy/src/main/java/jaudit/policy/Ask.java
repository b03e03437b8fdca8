package jaudit.policy;

/** Who a denial asks before it is final: the policy's {@code ask} key. */
public enum Ask {
    /** Nobody: the rules decide ({@code "ask": false}). */
    NOBODY,
    /** The person at the notebook, through an input request ({@code "ask": true}). */
    PERSON,
    /** The host's own code, through a message on the {@code jaudit.audit} comm ({@code "ask": "host"}). */
    HOST
}
